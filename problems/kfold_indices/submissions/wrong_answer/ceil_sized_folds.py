"""Uses ceil(n / k) for every fold, so the last folds come up short."""
import math


def kfold_indices(n, k):
    size = math.ceil(n / k)
    splits = []
    for fold in range(k):
        start, stop = fold * size, min((fold + 1) * size, n)
        splits.append([[i for i in range(n) if not start <= i < stop], list(range(start, stop))])
    return splits
