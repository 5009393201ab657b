"""Ignores the sign rule (largest absolute entry positive): makes the first entry positive."""

import numpy as np


def pca_project(X, k):
    a = np.array(X, dtype=float)
    c = a - a.mean(axis=0)
    values, vectors = np.linalg.eigh(c.T @ c / (len(a) - 1))
    top = vectors[:, np.argsort(values)[::-1][:k]]
    top = np.where(top[0] < 0, -top, top)
    return (c @ top).tolist()
