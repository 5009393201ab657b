"""Ignores that leftovers join the first training set: blocks start at test_size, the tail is dropped."""


def time_series_split(n, n_splits):
    size = n // (n_splits + 1)
    return [
        [list(range((i + 1) * size)), list(range((i + 1) * size, (i + 2) * size))]
        for i in range(n_splits)
    ]
