# Rotates by recursion, one place per call: too deep for long strings.
def can_shift(a, b, turns=0):
    if len(a) != len(b) or turns == len(a):
        return False
    if a == b:
        return True
    return can_shift(a[1:] + a[0], b, turns + 1)
