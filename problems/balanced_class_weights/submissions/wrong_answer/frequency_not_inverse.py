"""Returns each class's share of the data instead of its inverse."""
from collections import Counter


def balanced_class_weights(y):
    counts = Counter(y)
    return {str(label): count / len(y) for label, count in counts.items()}
