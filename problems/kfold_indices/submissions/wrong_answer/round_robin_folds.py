"""Deals the examples out round-robin (i % k), so the folds are not consecutive."""


def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    splits = []
    for fold in range(k):
        test = list(range(fold, n, k))
        splits.append([[i for i in range(n) if i % k != fold], test])
    return splits
