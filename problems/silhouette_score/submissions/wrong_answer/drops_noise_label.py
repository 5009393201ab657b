"""Ignores that labels are any integers: treats label -1 as DBSCAN noise and leaves it out."""

import numpy as np


def silhouette_score(X, labels):
    keep = np.array(labels) != -1
    a = np.array(X, dtype=float)[keep]
    _, members = np.unique(np.array(labels)[keep], return_inverse=True)
    squared = (a**2).sum(axis=1)
    d2 = np.maximum(squared[:, None] + squared[None, :] - 2 * a @ a.T, 0)
    d = np.sqrt(d2)
    onehot = np.eye(members.max() + 1)[members]
    sizes = onehot.sum(axis=0)
    sums = d @ onehot
    rows = np.arange(len(a))
    own = sizes[members]
    inside = sums[rows, members] / np.maximum(own - 1, 1)
    means = sums / sizes
    means[rows, members] = np.inf
    outside = means.min(axis=1)
    top = np.maximum(inside, outside)
    s = np.where((own > 1) & (top > 0), (outside - inside) / np.where(top > 0, top, 1), 0.0)
    return float(s.mean())
