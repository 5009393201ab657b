"""Scales each row instead of each column."""


def min_max_scale(X):
    result = []
    for row in X:
        low, span = min(row), max(row) - min(row)
        result.append([(v - low) / span if span else 0.0 for v in row])
    return result
