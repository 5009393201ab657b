import math


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def impute_missing(X: list[list[float | None]], strategy: str) -> list[list[float]]:
    fills = []
    for column in zip(*X, strict=True):
        present = [value for value in column if value is not None]
        if not present:
            fills.append(0.0)
        elif strategy == "mean":
            fills.append(math.fsum(present) / len(present))
        else:
            fills.append(_median(present))
    return [
        [float(fill if value is None else value) for value, fill in zip(row, fills, strict=True)]
        for row in X
    ]
