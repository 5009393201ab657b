import numpy as np


# Groups the points by cluster, finding each point's label through X.index(point): a
# linear search per point, so every update is O(n^2) comparisons where O(n) would do.
# (Equal points share a label, so the first equal point's label is the right one.)
def kmeans_labels(X, centroids, max_iter):
    points = np.array(X, dtype=float)
    centres = np.array(centroids, dtype=float)
    labels = None
    for _ in range(max_iter):
        squared = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new_labels = squared.argmin(axis=1).tolist()
        if new_labels == labels:
            break
        labels = new_labels
        groups = [[] for _ in centres]
        for point in X:
            groups[labels[X.index(point)]].append(point)
        for j, members in enumerate(groups):
            if members:
                centres[j] = np.array(members, dtype=float).mean(axis=0)
    return labels
