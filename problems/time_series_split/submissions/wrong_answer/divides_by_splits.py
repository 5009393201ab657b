# Uses n // n_splits as the test size: the first split has no training data at all.
def time_series_split(n, n_splits):
    size = n // n_splits
    return [[list(range(i * size)), list(range(i * size, (i + 1) * size))] for i in range(n_splits)]
