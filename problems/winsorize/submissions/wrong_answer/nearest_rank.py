import math


# Nearest-rank percentiles (no interpolation).
def winsorize(x, lower, upper):
    s = sorted(x)
    n = len(s)

    def rank(p):
        return s[max(0, min(n - 1, math.ceil(p / 100 * n) - 1))]

    low, high = rank(lower), rank(upper)
    return [min(max(v, low), high) for v in x]
