# The interview guide's approach: compare b with every rotation of a.
def can_shift(a, b):
    if len(a) != len(b):
        return False
    for i in range(len(a)):
        if a[i:] + a[:i] == b:
            return True
    return False
