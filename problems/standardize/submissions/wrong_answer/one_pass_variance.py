"""Ignores the 1e-7 accuracy near 1e6: the one-pass variance mean(x^2) - mean^2 cancels."""

import numpy as np


def standardize(X):
    a = np.array(X, dtype=float)
    mean = a.mean(axis=0)
    std = np.sqrt(np.maximum((a * a).mean(axis=0) - mean * mean, 0.0))
    constant = a.max(axis=0) == a.min(axis=0)
    safe = np.where(constant | (std == 0), 1.0, std)
    return np.where(constant, 0.0, (a - mean) / safe).tolist()
