import numpy as np


# Lets a singleton's a(i) be 0, so it scores 1 instead of 0.
def silhouette_score(X, labels):
    a = np.array(X, dtype=float)
    lab = np.array(labels)
    scores = []
    for i in range(len(a)):
        d = np.sqrt(((a - a[i]) ** 2).sum(axis=1))
        same = lab == lab[i]
        inside = d[same].sum() / max(same.sum() - 1, 1)
        outside = min(d[lab == other].mean() for other in np.unique(lab[~same]))
        top = max(inside, outside)
        scores.append((outside - inside) / top if top else 0.0)
    return float(np.mean(scores))
