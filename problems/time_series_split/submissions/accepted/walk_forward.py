def time_series_split(n, n_splits):
    size = n // (n_splits + 1)
    first = n - n_splits * size
    return [
        [list(range(first + i * size)), list(range(first + i * size, first + (i + 1) * size))]
        for i in range(n_splits)
    ]
