"""Reports accuracy where precision belongs."""


def precision_recall_f1(y_true, y_pred):
    n = len(y_true)
    correct = sum(1 for t, p in zip(y_true, y_pred) if t == p)
    tp = sum(1 for t, p in zip(y_true, y_pred) if t == p == 1)
    real = sum(y_true)
    precision = correct / n
    recall = tp / real if real else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [precision, recall, f1]
