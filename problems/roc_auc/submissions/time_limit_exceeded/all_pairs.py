# Compares every positive with every negative.
def roc_auc(y_true, scores):
    positive = [s for s, y in zip(scores, y_true) if y == 1]
    negative = [s for s, y in zip(scores, y_true) if y == 0]
    total = 0.0
    for p in positive:
        for n in negative:
            total += 1.0 if p > n else 0.5 if p == n else 0.0
    return total / (len(positive) * len(negative))
