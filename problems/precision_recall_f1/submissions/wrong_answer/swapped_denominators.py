"""Mixes up the definitions: divides by real positives for precision."""


def precision_recall_f1(y_true, y_pred):
    tp = sum(1 for t, p in zip(y_true, y_pred) if t == p == 1)
    real = sum(y_true)
    predicted = sum(y_pred)
    precision = tp / real if real else 0.0
    recall = tp / predicted if predicted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [precision, recall, f1]
