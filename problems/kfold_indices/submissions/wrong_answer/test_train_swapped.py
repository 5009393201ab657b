"""Returns each pair as [test, train] instead of [train, test]."""


def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    size, extra = divmod(n, k)
    splits, start = [], 0
    for fold in range(k):
        stop = start + size + (1 if fold < extra else 0)
        splits.append([list(range(start, stop)), list(range(start)) + list(range(stop, n))])
        start = stop
    return splits
