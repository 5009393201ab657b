import numpy as np


# Drops the 2 from the derivative of the square.
def linear_regression_gd(X, y, learning_rate, iterations):
    A, t = np.array(X, dtype=float), np.array(y, dtype=float)
    n = len(t)
    w, b = np.zeros(A.shape[1]), 0.0
    for _ in range(iterations):
        e = b + A @ w - t
        b, w = b - learning_rate * e.sum() / n, w - learning_rate * (A.T @ e) / n
    return [b, *w.tolist()]
