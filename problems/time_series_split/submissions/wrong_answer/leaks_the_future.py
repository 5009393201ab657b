# Trains on every example outside the test block, including later ones.
def time_series_split(n, n_splits):
    size = n // (n_splits + 1)
    splits = []
    for i in range(n_splits):
        start = n - (n_splits - i) * size
        test = list(range(start, start + size))
        splits.append([[t for t in range(n) if not start <= t < start + size], test])
    return splits
