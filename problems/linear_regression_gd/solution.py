import numpy as np


def linear_regression_gd(
    X: list[list[float]], y: list[float], learning_rate: float, iterations: int
) -> list[float]:
    features = np.array(X, dtype=float)
    targets = np.array(y, dtype=float)
    n = len(targets)
    weights = np.zeros(features.shape[1])
    bias = 0.0
    for _ in range(iterations):
        error = bias + features @ weights - targets
        grad_bias = 2 / n * error.sum()
        grad_weights = 2 / n * (features.T @ error)
        bias -= learning_rate * grad_bias
        weights -= learning_rate * grad_weights
    return [float(bias), *weights.tolist()]
