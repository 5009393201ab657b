import numpy as np


def pca_project(X: list[list[float]], k: int) -> list[list[float]]:
    data = np.array(X, dtype=float)
    centred = data - data.mean(axis=0)
    covariance = centred.T @ centred / (len(data) - 1)
    values, vectors = np.linalg.eigh(covariance)
    top = vectors[:, np.argsort(values)[::-1][:k]]
    for j in range(k):
        if top[np.argmax(np.abs(top[:, j])), j] < 0:
            top[:, j] = -top[:, j]
    projected = centred @ top
    projected[np.abs(projected) < 1e-12] = 0.0  # no "-0.0" or rounding dust around zero
    return projected.tolist()
