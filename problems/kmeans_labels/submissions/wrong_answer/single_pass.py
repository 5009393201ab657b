import numpy as np


# Assigns points once and never iterates.
def kmeans_labels(X, centroids, max_iter):
    points, centres = np.array(X, dtype=float), np.array(centroids, dtype=float)
    return ((points[:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1).tolist()
