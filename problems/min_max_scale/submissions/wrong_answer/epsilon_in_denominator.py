"""Adds an epsilon to the spread, so a column with a tiny but nonzero spread never reaches 1.0."""


def min_max_scale(X: list[list[float]]) -> list[list[float]]:
    columns = list(zip(*X))
    lows = [min(c) for c in columns]
    spans = [max(c) - low for c, low in zip(columns, lows)]
    return [[(v - lo) / (s + 1e-8) for v, lo, s in zip(row, lows, spans)] for row in X]
