import numpy as np


# Recomputes every centroid, so an empty cluster's centroid becomes NaN.
def kmeans_labels(X, centroids, max_iter):
    points = np.array(X, dtype=float)
    centres = np.array(centroids, dtype=float)
    labels = None
    for _ in range(max_iter):
        d = ((points[:, None, :] - centres[None]) ** 2).sum(axis=2)
        new = d.argmin(axis=1)
        if labels is not None and (new == labels).all():
            break
        labels = new
        with np.errstate(invalid="ignore", divide="ignore"):
            centres = np.array([points[labels == j].mean(axis=0) for j in range(len(centres))])
    return labels.tolist()
