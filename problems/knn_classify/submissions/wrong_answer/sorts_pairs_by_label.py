"""Ignores the distance tie-break by index: sorting (distance, label) pairs prefers smaller labels."""

import numpy as np


def knn_classify(train_X, train_y, queries, k):
    points = np.array(train_X, dtype=np.int64)
    d2 = ((np.array(queries, dtype=np.int64)[:, None, :] - points[None]) ** 2).sum(axis=2)
    result = []
    for row in d2.tolist():
        votes = {}
        for _, label in sorted(zip(row, train_y))[:k]:
            votes[label] = votes.get(label, 0) + 1
        best = max(votes.values())
        result.append(min(label for label, count in votes.items() if count == best))
    return result
