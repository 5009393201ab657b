import numpy as np


# Measures b(i) to the nearest other cluster's centroid instead of the mean distance.
def silhouette_score(X, labels):
    a = np.array(X, dtype=float)
    lab = np.array(labels)
    centroids = {c: a[lab == c].mean(axis=0) for c in np.unique(lab)}
    scores = []
    for i in range(len(a)):
        d = np.sqrt(((a - a[i]) ** 2).sum(axis=1))
        same = lab == lab[i]
        if same.sum() == 1:
            scores.append(0.0)
            continue
        inside = d[same].sum() / (same.sum() - 1)
        outside = min(np.linalg.norm(a[i] - centroids[c]) for c in centroids if c != lab[i])
        top = max(inside, outside)
        scores.append((outside - inside) / top if top else 0.0)
    return float(np.mean(scores))
