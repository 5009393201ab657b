"""Ignores unit-length components: divides each coordinate by the component's standard deviation."""

import numpy as np


def pca_project(X, k):
    a = np.array(X, dtype=float)
    c = a - a.mean(axis=0)
    values, vectors = np.linalg.eigh(c.T @ c / (len(a) - 1))
    order = np.argsort(values)[::-1][:k]
    top = vectors[:, order]
    for j in range(k):
        if top[np.argmax(np.abs(top[:, j])), j] < 0:
            top[:, j] *= -1
    return (c @ top / np.sqrt(values[order])).tolist()
