import numpy as np


def kmeans_labels(X: list[list[float]], centroids: list[list[float]], max_iter: int) -> list[int]:
    points = np.array(X, dtype=float)
    centres = np.array(centroids, dtype=float)
    labels = None
    for _ in range(max_iter):
        squared = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new_labels = squared.argmin(axis=1)  # first minimum: the smallest index
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(len(centres)):
            members = points[labels == j]
            if len(members):
                centres[j] = members.mean(axis=0)
    return labels.tolist()
