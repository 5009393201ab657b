"""Ignores that distance is Euclidean: measures the nearest centroid in Manhattan distance."""


def kmeans_labels(X, centroids, max_iter):
    centres = [list(c) for c in centroids]
    labels = None
    for _ in range(max_iter):
        new = []
        for p in X:
            costs = [sum(abs(a - b) for a, b in zip(p, c)) for c in centres]
            new.append(costs.index(min(costs)))
        if new == labels:
            break
        labels = new
        for j in range(len(centres)):
            members = [p for p, label in zip(X, labels) if label == j]
            if members:
                centres[j] = [sum(col) / len(members) for col in zip(*members)]
    return labels
