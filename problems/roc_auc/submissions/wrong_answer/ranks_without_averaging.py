# Uses positions in the sorted order as ranks, so tied scores get different ranks.
def roc_auc(y_true, scores):
    order = sorted(range(len(scores)), key=lambda i: (scores[i], -y_true[i]))
    positives = sum(y_true)
    negatives = len(y_true) - positives
    rank_sum = sum(rank + 1 for rank, i in enumerate(order) if y_true[i] == 1)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
