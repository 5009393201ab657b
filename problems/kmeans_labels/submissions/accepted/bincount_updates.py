import numpy as np


def kmeans_labels(X, centroids, max_iter):
    points = np.asarray(X, dtype=float)
    centres = np.array(centroids, dtype=float)
    labels = None
    for _ in range(max_iter):
        distances = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)
        new = distances.argmin(axis=1)
        if labels is not None and (new == labels).all():
            break
        labels = new
        counts = np.bincount(labels, minlength=len(centres))
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, points)
        moved = counts > 0
        centres[moved] = sums[moved] / counts[moved, None]
    return labels.tolist()
