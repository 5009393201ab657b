"""Ignores the half for ties: sorting (score, label) puts a tied negative first, so a tie counts 1."""


def roc_auc(y_true, scores):
    pairs = sorted(zip(scores, y_true))
    negatives_below = 0
    good = 0
    for score, label in pairs:
        if label == 1:
            good += negatives_below
        else:
            negatives_below += 1
    positives = sum(y_true)
    return good / (positives * (len(y_true) - positives))
