"""Ignores r = p / 100 * (n - 1): scales the percentile by n, clamping the index at the end."""

import math


def winsorize(x, lower, upper):
    s = sorted(x)
    n = len(s)

    def percentile(p):
        r = min(p / 100 * n, n - 1)
        i = math.floor(r)
        f = r - i
        return s[i] if f == 0 else s[i] + f * (s[i + 1] - s[i])

    low, high = percentile(lower), percentile(upper)
    return [float(min(max(v, low), high)) for v in x]
