import numpy as np


def standardize(X):
    a = np.array(X, dtype=float)
    std = a.std(axis=0)
    constant = a.max(axis=0) == a.min(axis=0)
    safe = np.where(constant, 1.0, std)
    return np.where(constant, 0.0, (a - a.mean(axis=0)) / safe).tolist()
