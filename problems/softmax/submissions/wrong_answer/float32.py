"""Ignores the 1e-9 relative tolerance: computes in float32 to save memory."""

import numpy as np


def softmax(z):
    a = np.array(z, dtype=np.float32)
    e = np.exp(a - a.max())
    return (e / e.sum()).tolist()
