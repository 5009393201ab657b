import math


# For every point and every cluster, measures the distance to every other point and
# keeps the cluster's: n * k * n distances where n * n would do, so the largest
# tests take several times the limit, not just about it.
def silhouette_score(X, labels):
    n = len(X)
    names = sorted(set(labels))
    total = 0.0
    for i in range(n):
        means = {}
        for name in names:
            distances = [(math.dist(X[i], X[j]), labels[j]) for j in range(n) if j != i]
            members = [d for d, label in distances if label == name]
            if members:
                means[name] = sum(members) / len(members)
        if labels[i] not in means:
            continue
        a = means[labels[i]]
        b = min(value for name, value in means.items() if name != labels[i])
        if max(a, b) > 0:
            total += (b - a) / max(a, b)
    return total / n
