def min_max_scale(X: list[list[float]]) -> list[list[float]]:
    columns = list(zip(*X, strict=True))
    lows = [min(column) for column in columns]
    spans = [max(column) - low for column, low in zip(columns, lows, strict=True)]
    return [
        [
            (value - low) / span if span else 0.0
            for value, low, span in zip(row, lows, spans, strict=True)
        ]
        for row in X
    ]
