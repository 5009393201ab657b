import numpy as np


# Uses Manhattan (L1) distance instead of Euclidean.
def knn_classify(train_X, train_y, queries, k):
    points = np.array(train_X)
    labels = np.array(train_y)
    result = []
    for q in np.array(queries):
        d = np.abs(points - q).sum(axis=1)
        nearest = np.argsort(d, kind="stable")[:k]
        result.append(int(np.argmax(np.bincount(labels[nearest], minlength=21))))
    return result
