"""Tests values for truth (`if v`), so a present 0.0 is treated as missing."""


def impute_missing(X: list[list[float | None]], strategy: str) -> list[list[float]]:
    fills = []
    for column in zip(*X):
        present = sorted(v for v in column if v)
        m = len(present)
        if not present:
            fills.append(0.0)
        elif strategy == "mean":
            fills.append(sum(present) / m)
        elif m % 2:
            fills.append(present[m // 2])
        else:
            fills.append((present[m // 2 - 1] + present[m // 2]) / 2)
    return [[float(v) if v else f for v, f in zip(row, fills)] for row in X]
