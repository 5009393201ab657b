import numpy as np


def min_max_scale(X):
    a = np.array(X, dtype=float)
    low = a.min(axis=0)
    span = a.max(axis=0) - low
    safe = np.where(span == 0, 1.0, span)
    return np.where(span == 0, 0.0, (a - low) / safe).tolist()
