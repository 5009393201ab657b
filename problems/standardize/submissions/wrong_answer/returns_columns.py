"""Ignores the output's shape: returns the standardised columns instead of the rows."""

import math


def standardize(X):
    n = len(X)
    out = []
    for column in zip(*X):
        mean = sum(column) / n
        std = math.sqrt(sum((v - mean) ** 2 for v in column) / n)
        flat = max(column) == min(column)
        out.append([0.0 if flat else (v - mean) / std for v in column])
    return out
