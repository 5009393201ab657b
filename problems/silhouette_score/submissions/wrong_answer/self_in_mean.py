import numpy as np


# Averages a(i) over the whole cluster, counting the zero distance to itself.
def silhouette_score(X, labels):
    a = np.array(X, dtype=float)
    lab = np.array(labels)
    scores = []
    for i in range(len(a)):
        d = np.sqrt(((a - a[i]) ** 2).sum(axis=1))
        same = lab == lab[i]
        if same.sum() == 1:
            scores.append(0.0)
            continue
        inside = d[same].mean()
        outside = min(d[lab == other].mean() for other in np.unique(lab[~same]))
        scores.append((outside - inside) / max(inside, outside))
    return float(np.mean(scores))
