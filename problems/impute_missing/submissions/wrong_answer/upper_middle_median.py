"""Takes the upper middle value as the median of an even count."""


def impute_missing(X, strategy):
    fills = []
    for column in zip(*X):
        present = sorted(v for v in column if v is not None)
        if not present:
            fills.append(0.0)
        elif strategy == "mean":
            fills.append(sum(present) / len(present))
        else:
            fills.append(present[len(present) // 2])
    return [[f if v is None else float(v) for v, f in zip(row, fills)] for row in X]
