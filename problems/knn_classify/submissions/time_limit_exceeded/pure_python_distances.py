import math


# Every distance in interpreted Python, with square roots, and a full sort per query.
def knn_classify(train_X, train_y, queries, k):
    result = []
    for q in queries:
        distances = []
        for i, x in enumerate(train_X):
            distances.append((math.sqrt(sum((a - b) ** 2 for a, b in zip(q, x))), i))
        distances.sort()
        votes = {}
        for _, i in distances[:k]:
            votes[train_y[i]] = votes.get(train_y[i], 0) + 1
        best = max(votes.values())
        result.append(min(label for label, count in votes.items() if count == best))
    return result
