import numpy as np


def kfold_indices(n, k):
    folds = np.array_split(np.arange(n), k)
    result = []
    for i, test in enumerate(folds):
        train = np.concatenate([f for j, f in enumerate(folds) if j != i])
        result.append([train.tolist(), test.tolist()])
    return result
