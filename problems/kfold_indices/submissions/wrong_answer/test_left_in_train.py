"""Trains on everything, test fold included: leakage."""


def kfold_indices(n, k):
    size, extra = divmod(n, k)
    splits, start = [], 0
    for fold in range(k):
        stop = start + size + (1 if fold < extra else 0)
        splits.append([list(range(n)), list(range(start, stop))])
        start = stop
    return splits
