"""Leaves n_classes out of the denominator."""
from collections import Counter


def balanced_class_weights(y):
    counts = Counter(y)
    return {str(label): len(y) / count for label, count in counts.items()}
