import bisect


# Builds the sorted copy one value at a time with insort: each insertion shifts the
# tail of the list, so O(n^2) moves where sorted() is O(n log n).
def winsorize(x, lower, upper):
    ordered = []
    for value in x:
        bisect.insort(ordered, value)

    def percentile(p):
        rank = p / 100 * (len(ordered) - 1)
        low = int(rank)
        fraction = rank - low
        if fraction == 0:
            return ordered[low]
        return ordered[low] + fraction * (ordered[low + 1] - ordered[low])

    low, high = percentile(lower), percentile(upper)
    return [float(min(max(value, low), high)) for value in x]
