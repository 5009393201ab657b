"""Ignores that b(i) is the smallest per-cluster mean: averages over every point outside A."""

import numpy as np


def silhouette_score(X, labels):
    a = np.array(X, dtype=float)
    lab = np.array(labels)
    squared = (a**2).sum(axis=1)
    d2 = np.maximum(squared[:, None] + squared[None, :] - 2 * a @ a.T, 0)
    d = np.sqrt(d2)
    same = lab[:, None] == lab[None, :]
    size = same.sum(axis=1)
    inside = (d * same).sum(axis=1) / np.maximum(size - 1, 1)
    outside = (d * ~same).sum(axis=1) / (len(a) - size)
    top = np.maximum(inside, outside)
    s = np.where((size > 1) & (top > 0), (outside - inside) / np.where(top > 0, top, 1), 0.0)
    return float(s.mean())
