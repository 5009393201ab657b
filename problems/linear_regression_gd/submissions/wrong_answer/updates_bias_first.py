import numpy as np


# Updates the bias, then computes the weight gradient from the new bias.
def linear_regression_gd(X, y, learning_rate, iterations):
    A, t = np.array(X, dtype=float), np.array(y, dtype=float)
    n = len(t)
    w, b = np.zeros(A.shape[1]), 0.0
    for _ in range(iterations):
        b -= learning_rate * 2 / n * (b + A @ w - t).sum()
        w -= learning_rate * 2 / n * (A.T @ (b + A @ w - t))
    return [b, *w.tolist()]
