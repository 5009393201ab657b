"""Ignores shift invariance: clips scores into exp's range instead of subtracting the maximum."""

import numpy as np


def softmax(z):
    e = np.exp(np.clip(np.array(z, dtype=float), -700.0, 700.0))
    return (e / e.sum()).tolist()
