"""Ignores step 5's Xc: finds the components of the centred data but projects the raw X."""

import numpy as np


def pca_project(X, k):
    a = np.array(X, dtype=float)
    c = a - a.mean(axis=0)
    values, vectors = np.linalg.eigh(c.T @ c / (len(a) - 1))
    top = vectors[:, np.argsort(values)[::-1][:k]]
    for j in range(k):
        if top[np.argmax(np.abs(top[:, j])), j] < 0:
            top[:, j] *= -1
    return (a @ top).tolist()
