import math


def standardize(X: list[list[float]]) -> list[list[float]]:
    n = len(X)
    columns = list(zip(*X, strict=True))
    means = [sum(column) / n for column in columns]
    stds = [
        math.sqrt(sum((value - mean) ** 2 for value in column) / n)
        for column, mean in zip(columns, means, strict=True)
    ]
    return [
        [
            (value - mean) / std if std else 0.0
            for value, mean, std in zip(row, means, stds, strict=True)
        ]
        for row in X
    ]
