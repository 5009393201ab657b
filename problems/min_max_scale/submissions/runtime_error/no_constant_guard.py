# Divides by zero on a constant column.
def min_max_scale(X):
    columns = list(zip(*X))
    lows = [min(c) for c in columns]
    spans = [max(c) - low for c, low in zip(columns, lows)]
    return [[(v - l) / s for v, l, s in zip(row, lows, spans)] for row in X]
