"""Ignores the pair's order: returns [test, train] instead of [train, test]."""


def time_series_split(n, n_splits):
    size = n // (n_splits + 1)
    first = n - n_splits * size
    return [
        [list(range(first + i * size, first + (i + 1) * size)), list(range(first + i * size))]
        for i in range(n_splits)
    ]
