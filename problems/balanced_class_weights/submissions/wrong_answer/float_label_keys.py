"""Works on a float array, so the keys come out as "0.0" instead of the integer label "0"."""
import numpy as np


def balanced_class_weights(y: list[int]) -> dict[str, float]:
    labels, counts = np.unique(np.asarray(y, dtype=float), return_counts=True)
    weights = len(y) / (len(labels) * counts)
    return {str(label): float(w) for label, w in zip(labels.tolist(), weights)}
