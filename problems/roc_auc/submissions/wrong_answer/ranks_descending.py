"""Ignores that a higher score means more likely positive: ranks the scores from high to low."""


def roc_auc(y_true, scores):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ranks = [0.0] * len(scores)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    positives = sum(y_true)
    negatives = len(y_true) - positives
    rank_sum = sum(r for r, y in zip(ranks, y_true) if y == 1)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
