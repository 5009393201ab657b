"""Ignores that very negative scores underflow: it shifts only when a score could overflow."""

import numpy as np


def softmax(z):
    a = np.array(z, dtype=float)
    if a.max() > 700:
        a = a - a.max()
    e = np.exp(a)
    return (e / e.sum()).tolist()
