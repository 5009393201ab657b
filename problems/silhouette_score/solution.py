import numpy as np


def silhouette_score(X: list[list[float]], labels: list[int]) -> float:
    points = np.array(X, dtype=float)
    clusters, members = np.unique(np.array(labels), return_inverse=True)
    sizes = np.bincount(members)
    total = 0.0
    for i in range(len(points)):
        distances = np.sqrt(((points - points[i]) ** 2).sum(axis=1))
        sums = np.bincount(members, weights=distances, minlength=len(clusters))
        own = members[i]
        if sizes[own] == 1:
            continue
        a = sums[own] / (sizes[own] - 1)
        others = np.delete(sums / sizes, own)
        b = others.min()
        if max(a, b) > 0:
            total += (b - a) / max(a, b)
    return float(total / len(points))
