"""Ignores that an empty cluster keeps its centroid: sums / max(count, 1) moves it to the origin."""

import numpy as np


def kmeans_labels(X, centroids, max_iter):
    points = np.array(X, dtype=float)
    centres = np.array(centroids, dtype=float)
    labels = None
    for _ in range(max_iter):
        new = ((points[:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
        if labels is not None and (new == labels).all():
            break
        labels = new
        counts = np.bincount(labels, minlength=len(centres))
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, points)
        centres = sums / np.maximum(counts, 1)[:, None]
    return labels.tolist()
