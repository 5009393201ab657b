def roc_auc(y_true: list[int], scores: list[float]) -> float:
    # Mann-Whitney: the sum of the positives' ranks (ties share their average rank).
    order = sorted(range(len(scores)), key=scores.__getitem__)
    ranks = [0.0] * len(scores)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        average = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = average
        start = end + 1
    positives = sum(y_true)
    negatives = len(y_true) - positives
    rank_sum = sum(rank for rank, label in zip(ranks, y_true, strict=True) if label == 1)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
