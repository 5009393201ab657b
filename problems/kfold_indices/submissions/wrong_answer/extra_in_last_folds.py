"""Gives the n % k extra examples to the last folds instead of the first ones."""


def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    size, extra = divmod(n, k)
    splits, start = [], 0
    for fold in range(k):
        stop = start + size + (1 if fold >= k - extra else 0)
        splits.append([list(range(start)) + list(range(stop, n)), list(range(start, stop))])
        start = stop
    return splits
