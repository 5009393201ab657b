"""Ignores that only positive-negative pairs count: divides the raw rank sum by the pairs."""

import numpy as np


def roc_auc(y_true, scores):
    s = np.array(scores, dtype=float)
    y = np.array(y_true)
    order = np.argsort(s, kind="stable")
    sorted_scores = s[order]
    ranks = np.empty(len(s))
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    for start, count in zip(first, counts):
        ranks[order[start : start + count]] = start + (count + 1) / 2
    positives = int(y.sum())
    return float(ranks[y == 1].sum() / (positives * (len(y) - positives)))
