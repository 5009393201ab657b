"""Ignores the sign rule (largest absolute entry positive): makes each sum of entries positive."""

import numpy as np


def pca_project(X, k):
    a = np.array(X, dtype=float)
    c = a - a.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(c, rowvar=False).reshape(a.shape[1], a.shape[1]))
    top = vectors[:, np.argsort(values)[::-1][:k]]
    top = np.where(top.sum(axis=0) < 0, -top, top)
    return (c @ top).tolist()
