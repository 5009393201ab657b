from collections import Counter

import numpy as np


# Counter.most_common breaks vote ties by the nearest neighbour's label, not the smallest label.
def knn_classify(train_X, train_y, queries, k):
    points = np.array(train_X, dtype=np.int64)
    result = []
    for q in np.array(queries, dtype=np.int64):
        d2 = ((points - q) ** 2).sum(axis=1)
        nearest = np.argsort(d2, kind="stable")[:k]
        result.append(Counter(train_y[i] for i in nearest).most_common(1)[0][0])
    return result
