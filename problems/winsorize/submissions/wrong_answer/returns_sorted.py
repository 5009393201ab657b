"""Ignores "in the original order": clips the sorted copy and returns it."""

import numpy as np


def winsorize(x, lower, upper):
    a = np.sort(np.array(x, dtype=float))
    low, high = np.percentile(a, [lower, upper])
    return np.clip(a, low, high).tolist()
