"""Ignores batch descent: updates b and w after every example instead of once per pass."""

import numpy as np


def linear_regression_gd(X, y, learning_rate, iterations):
    A, t = np.array(X, dtype=float), np.array(y, dtype=float)
    n = len(t)
    w, b = np.zeros(A.shape[1]), 0.0
    for _ in range(iterations):
        for x, target in zip(A, t):
            e = b + x @ w - target
            b, w = b - learning_rate * 2 / n * e, w - learning_rate * 2 / n * e * x
    return [float(b), *w.tolist()]
