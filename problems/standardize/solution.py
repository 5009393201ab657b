import math


def standardize(X: list[list[float]]) -> list[list[float]]:
    n = len(X)
    columns = list(zip(*X, strict=True))
    means = [sum(column) / n for column in columns]
    stds = [
        math.sqrt(sum((value - mean) ** 2 for value in column) / n)
        for column, mean in zip(columns, means, strict=True)
    ]
    # Constant means max == min exactly: the computed std of [0.1] * 3 is 1.4e-17, not 0.
    constant = [max(column) == min(column) for column in columns]
    return [
        [
            0.0 if flat else (value - mean) / std
            for value, mean, std, flat in zip(row, means, stds, constant, strict=True)
        ]
        for row in X
    ]
