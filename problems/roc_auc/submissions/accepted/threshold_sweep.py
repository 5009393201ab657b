# Sweeps thresholds from high to low, adding a trapezoid per distinct score.
def roc_auc(y_true, scores):
    pairs = sorted(zip(scores, y_true), reverse=True)
    positives = sum(y_true)
    negatives = len(y_true) - positives
    tp = fp = 0
    area = 0.0
    i = 0
    while i < len(pairs):
        j = i
        new_tp = new_fp = 0
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            if pairs[j][1] == 1:
                new_tp += 1
            else:
                new_fp += 1
            j += 1
        area += new_fp * (tp + new_tp / 2)
        tp += new_tp
        fp += new_fp
        i = j
    return area / (positives * negatives)
