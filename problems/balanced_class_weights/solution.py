from collections import Counter


def balanced_class_weights(y: list[int]) -> dict[str, float]:
    counts = Counter(y)
    return {str(label): len(y) / (len(counts) * count) for label, count in counts.items()}
