# Starts the first test block at test_size, so leftovers pile up in the last test set.
def time_series_split(n, n_splits):
    size = n // (n_splits + 1)
    splits = []
    for i in range(n_splits):
        start = (i + 1) * size
        stop = n if i == n_splits - 1 else start + size
        splits.append([list(range(start)), list(range(start, stop))])
    return splits
