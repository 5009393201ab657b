import math


# Finds each cluster's members again for every point and every cluster: n * k * n steps.
def silhouette_score(X, labels):
    n = len(X)
    names = sorted(set(labels))
    total = 0.0
    for i in range(n):
        means = {}
        for name in names:
            members = [j for j in range(n) if labels[j] == name and j != i]
            if members:
                means[name] = sum(math.dist(X[i], X[j]) for j in members) / len(members)
        if labels[i] not in means:
            continue
        a = means[labels[i]]
        b = min(value for name, value in means.items() if name != labels[i])
        if max(a, b) > 0:
            total += (b - a) / max(a, b)
    return total / n
