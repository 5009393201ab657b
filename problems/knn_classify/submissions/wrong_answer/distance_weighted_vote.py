"""Ignores the plain majority vote: weights each neighbour's vote by its inverse distance."""

import numpy as np


def knn_classify(train_X, train_y, queries, k):
    points = np.array(train_X, dtype=float)
    labels = np.array(train_y)
    result = []
    for q in np.array(queries, dtype=float):
        d = np.sqrt(((points - q) ** 2).sum(axis=1))
        nearest = np.argsort(d, kind="stable")[:k]
        weights = 1.0 / (d[nearest] + 1e-9)
        result.append(int(np.argmax(np.bincount(labels[nearest], weights, minlength=21))))
    return result
