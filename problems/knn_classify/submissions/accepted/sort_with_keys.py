import numpy as np


def knn_classify(train_X, train_y, queries, k):
    points = np.array(train_X, dtype=np.int64)
    result = []
    for q in np.array(queries, dtype=np.int64):
        d2 = ((points - q) ** 2).sum(axis=1).tolist()
        nearest = sorted(range(len(d2)), key=lambda i: (d2[i], i))[:k]
        votes = {}
        for i in nearest:
            votes[train_y[i]] = votes.get(train_y[i], 0) + 1
        best = max(votes.values())
        result.append(min(label for label, count in votes.items() if count == best))
    return result
