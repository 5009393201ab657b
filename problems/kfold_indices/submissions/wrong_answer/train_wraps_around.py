"""Lists the training indices after the fold first, then wraps around: not increasing."""


def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    size, extra = divmod(n, k)
    splits, start = [], 0
    for fold in range(k):
        stop = start + size + (1 if fold < extra else 0)
        splits.append([list(range(stop, n)) + list(range(start)), list(range(start, stop))])
        start = stop
    return splits
