# Reports accuracy at a 0.5 threshold, which is not a ranking measure.
def roc_auc(y_true, scores):
    return sum((s >= 0.5) == (y == 1) for y, s in zip(y_true, scores)) / len(y_true)
