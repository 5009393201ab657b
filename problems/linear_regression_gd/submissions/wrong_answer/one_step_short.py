"""Ignores "repeat exactly iterations times": counting steps from 1 runs one step too few."""

import numpy as np


def linear_regression_gd(X, y, learning_rate, iterations):
    A, t = np.array(X, dtype=float), np.array(y, dtype=float)
    n = len(t)
    w, b = np.zeros(A.shape[1]), 0.0
    for _ in range(1, iterations):
        e = b + A @ w - t
        b, w = b - learning_rate * 2 / n * e.sum(), w - learning_rate * 2 / n * (A.T @ e)
    return [b, *w.tolist()]
