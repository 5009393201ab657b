import numpy as np


def balanced_class_weights(y):
    labels, counts = np.unique(np.array(y), return_counts=True)
    weights = len(y) / (len(labels) * counts)
    return {str(int(label)): float(w) for label, w in zip(labels, weights)}
