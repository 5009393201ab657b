"""Gives precision 1.0 when nothing was predicted positive ("no false positives"), not 0.0."""


def precision_recall_f1(y_true: list[int], y_pred: list[int]) -> list[float]:
    tp = sum(1 for t, p in zip(y_true, y_pred) if t == 1 and p == 1)
    predicted, real = sum(y_pred), sum(y_true)
    precision = tp / predicted if predicted else 1.0
    recall = tp / real if real else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [precision, recall, f1]
