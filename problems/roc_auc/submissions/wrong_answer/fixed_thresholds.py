"""Ignores that AUC is exact over any scores: sweeps 201 thresholds in [0, 1] like a binned AUC."""

import numpy as np


def roc_auc(y_true, scores):
    s = np.array(scores, dtype=float)
    y = np.array(y_true) == 1
    tpr, fpr = [], []
    for t in np.linspace(1.0, 0.0, 201):
        predicted = s >= t
        tpr.append((predicted & y).sum() / y.sum())
        fpr.append((predicted & ~y).sum() / (~y).sum())
    tpr, fpr = [0.0, *tpr, 1.0], [0.0, *fpr, 1.0]
    return float(sum((fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2 for i in range(len(tpr) - 1)))
