def time_series_split(n: int, n_splits: int) -> list[list[list[int]]]:
    test_size = n // (n_splits + 1)
    splits = []
    for i in range(n_splits):
        start = n - (n_splits - i) * test_size
        splits.append([list(range(start)), list(range(start, start + test_size))])
    return splits
