"""Returns a key for every label between the smallest and largest, weight 0.0 for absent ones."""
from collections import Counter


def balanced_class_weights(y: list[int]) -> dict[str, float]:
    counts = Counter(y)
    n, k = len(y), len(counts)
    return {
        str(label): n / (k * counts[label]) if counts[label] else 0.0
        for label in range(min(y), max(y) + 1)
    }
