"""Ignores the order of the splits: walks back from the end and never reverses the list."""


def time_series_split(n, n_splits):
    size = n // (n_splits + 1)
    splits = []
    stop = n
    for _ in range(n_splits):
        start = stop - size
        splits.append([list(range(start)), list(range(start, stop))])
        stop = start
    return splits
