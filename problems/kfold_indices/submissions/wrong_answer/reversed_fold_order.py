"""Cuts the folds from the end of the data, so they are listed last fold first."""


def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    size, extra = divmod(n, k)
    splits, stop = [], n
    for fold in reversed(range(k)):
        start = stop - size - (1 if fold < extra else 0)
        splits.append([list(range(start)) + list(range(stop, n)), list(range(start, stop))])
        stop = start
    return splits
