def kmeans_labels(X, centroids, max_iter):
    centres = [list(c) for c in centroids]
    labels = None
    for _ in range(max_iter):
        new = []
        for p in X:
            best, best_d = 0, None
            for j, c in enumerate(centres):
                d = sum((a - b) ** 2 for a, b in zip(p, c))
                if best_d is None or d < best_d:
                    best, best_d = j, d
            new.append(best)
        if new == labels:
            break
        labels = new
        for j in range(len(centres)):
            members = [p for p, label in zip(X, labels) if label == j]
            if members:
                centres[j] = [sum(col) / len(members) for col in zip(*members)]
    return labels
