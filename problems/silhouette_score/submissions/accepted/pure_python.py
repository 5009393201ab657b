import math


# Every pairwise distance through math.dist, grouped by cluster once.
def silhouette_score(X, labels):
    n = len(X)
    clusters = {}
    for i, label in enumerate(labels):
        clusters.setdefault(label, []).append(i)
    total = 0.0
    for i in range(n):
        sums = {}
        for label, members in clusters.items():
            sums[label] = sum(math.dist(X[i], X[j]) for j in members)
        own = clusters[labels[i]]
        if len(own) == 1:
            continue
        a = sums[labels[i]] / (len(own) - 1)
        b = min(sums[label] / len(members) for label, members in clusters.items() if label != labels[i])
        if max(a, b) > 0:
            total += (b - a) / max(a, b)
    return total / n
