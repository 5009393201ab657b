"""Ignores that the upper bound has its own percentile: clips both tails by `lower` percent."""

import numpy as np


def winsorize(x, lower, upper):
    a = np.array(x, dtype=float)
    low, high = np.percentile(a, [lower, 100 - lower])
    return np.clip(a, low, high).tolist()
