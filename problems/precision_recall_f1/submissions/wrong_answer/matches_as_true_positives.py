"""Counts every correct prediction as a true positive, though only class 1 is positive."""


def precision_recall_f1(y_true: list[int], y_pred: list[int]) -> list[float]:
    tp = sum(1 for t, p in zip(y_true, y_pred) if t == p)
    fp = sum(1 for t, p in zip(y_true, y_pred) if t == 0 and p == 1)
    fn = sum(1 for t, p in zip(y_true, y_pred) if t == 1 and p == 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [precision, recall, f1]
