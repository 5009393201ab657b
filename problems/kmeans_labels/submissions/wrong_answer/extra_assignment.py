"""Ignores that max_iter counts assignments: reassigns once more after the last update."""

import numpy as np


def kmeans_labels(X, centroids, max_iter):
    points = np.array(X, dtype=float)
    centres = np.array(centroids, dtype=float)

    def assign():
        return ((points[:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)

    for _ in range(max_iter):
        labels = assign()
        for j in range(len(centres)):
            if (labels == j).any():
                centres[j] = points[labels == j].mean(axis=0)
    return assign().tolist()
