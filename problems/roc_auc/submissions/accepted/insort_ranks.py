import bisect


# Ranks the scores in a list kept sorted with insort, then sums the positives' ranks
# (tied scores share their average rank, found by bisection). Each insort shifts the
# tail of the list: O(n^2) element moves, if cheap ones, where one sort is O(n log n).
def roc_auc(y_true, scores):
    ordered = []
    for score in scores:
        bisect.insort(ordered, score)
    positives = sum(y_true)
    negatives = len(y_true) - positives
    rank_sum = 0.0
    for score, label in zip(scores, y_true):
        if label == 1:
            first, after = bisect.bisect_left(ordered, score), bisect.bisect_right(ordered, score)
            rank_sum += (first + 1 + after) / 2
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
