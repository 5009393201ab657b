"""Guards precision and recall but not f1: with both 0.0, numpy's 0/0 makes f1 NaN."""
import numpy as np


def precision_recall_f1(y_true: list[int], y_pred: list[int]) -> list[float]:
    t, p = np.array(y_true), np.array(y_pred)
    tp = np.sum((t == 1) & (p == 1))
    predicted, real = np.sum(p == 1), np.sum(t == 1)
    precision = tp / predicted if predicted else np.float64(0.0)
    recall = tp / real if real else np.float64(0.0)
    with np.errstate(invalid="ignore"):
        f1 = 2 * precision * recall / (precision + recall)
    return [float(precision), float(recall), float(f1)]
