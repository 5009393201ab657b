import numpy as np


# One query at a time: stable argsort keeps equally distant points in index order.
def knn_classify(train_X, train_y, queries, k):
    points = np.array(train_X, dtype=np.int64)
    result = []
    for q in np.array(queries, dtype=np.int64):
        d2 = ((points - q) ** 2).sum(axis=1)
        votes = {}
        for i in np.argsort(d2, kind="stable")[:k].tolist():
            votes[train_y[i]] = votes.get(train_y[i], 0) + 1
        best = max(votes.values())
        result.append(min(label for label, count in votes.items() if count == best))
    return result
