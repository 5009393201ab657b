# Compares every rotation character by character in Python: O(n^2) interpreted steps.
def can_shift(a, b):
    n = len(a)
    if n != len(b):
        return False
    for shift in range(n):
        same = True
        for i in range(n):
            if a[(i + shift) % n] != b[i]:
                same = False
                break
        if same:
            return True
    return False
