import numpy as np


def knn_classify(
    train_X: list[list[int]], train_y: list[int], queries: list[list[int]], k: int
) -> list[int]:
    points = np.array(train_X, dtype=np.int64)
    asked = np.array(queries, dtype=np.int64)
    labels = np.array(train_y)
    # Squared distances in exact integer arithmetic, so ties are real ties.
    squared = (
        (asked**2).sum(axis=1)[:, None] + (points**2).sum(axis=1)[None, :] - 2 * asked @ points.T
    )
    nearest = np.argsort(squared, axis=1, kind="stable")[:, :k]
    predictions = []
    for row in nearest:
        votes = np.bincount(labels[row], minlength=21)
        predictions.append(int(np.argmax(votes)))  # first maximum: the smallest label
    return predictions
