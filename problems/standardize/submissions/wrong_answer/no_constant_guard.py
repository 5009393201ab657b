"""Ignores the constant-column rule: 0 / 0 leaves NaN where the answer is 0.0."""

import numpy as np


def standardize(X):
    a = np.array(X, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return ((a - a.mean(axis=0)) / a.std(axis=0)).tolist()
