"""Assumes labels are 0..max, so n_classes is max(y) + 1."""
from collections import Counter


def balanced_class_weights(y):
    counts = Counter(y)
    n_classes = max(y) + 1
    return {str(label): len(y) / (n_classes * count) for label, count in counts.items()}
