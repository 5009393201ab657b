"""Ignores max_iter: runs Lloyd's loop until the labels stop changing."""

import numpy as np


def kmeans_labels(X, centroids, max_iter):
    points = np.array(X, dtype=float)
    centres = np.array(centroids, dtype=float)
    labels = None
    while True:
        new = ((points[:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
        if labels is not None and (new == labels).all():
            return labels.tolist()
        labels = new
        for j in range(len(centres)):
            if (labels == j).any():
                centres[j] = points[labels == j].mean(axis=0)
