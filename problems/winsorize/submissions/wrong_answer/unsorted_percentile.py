# Interpolates between positions of the unsorted input.
def winsorize(x, lower, upper):
    n = len(x)

    def percentile(p):
        r = p / 100 * (n - 1)
        i = int(r)
        f = r - i
        return x[i] if f == 0 else x[i] + f * (x[i + 1] - x[i])

    low, high = percentile(lower), percentile(upper)
    return [min(max(v, low), high) for v in x]
