import numpy as np


def standardize(X):
    a = np.array(X, dtype=float)
    std = a.std(axis=0)
    safe = np.where(std == 0, 1.0, std)
    return np.where(std == 0, 0.0, (a - a.mean(axis=0)) / safe).tolist()
