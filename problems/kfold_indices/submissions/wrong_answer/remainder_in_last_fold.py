"""Gives every fold n // k examples and the leftovers to the last fold."""


def kfold_indices(n, k):
    size = n // k
    splits = []
    for fold in range(k):
        start = fold * size
        stop = n if fold == k - 1 else start + size
        test = list(range(start, stop))
        splits.append([[i for i in range(n) if not start <= i < stop], test])
    return splits
