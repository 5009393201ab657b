# Materialises every rotation first: n strings of n characters.
def can_shift(a, b):
    rotations = [a[i:] + a[:i] for i in range(len(a))]
    return b in rotations
