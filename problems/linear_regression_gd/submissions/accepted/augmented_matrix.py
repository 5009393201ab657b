import numpy as np


# Folds the bias into the weights with a column of ones.
def linear_regression_gd(X, y, learning_rate, iterations):
    A = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
    t = np.asarray(y, dtype=float)
    theta = np.zeros(A.shape[1])
    for _ in range(iterations):
        theta = theta - learning_rate * (2 / len(t)) * A.T @ (A @ theta - t)
    return theta.tolist()
