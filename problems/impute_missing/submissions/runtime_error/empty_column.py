import statistics


# statistics.mean raises on a column with no present value.
def impute_missing(X, strategy):
    fills = []
    for column in zip(*X):
        present = [v for v in column if v is not None]
        fills.append(statistics.mean(present) if strategy == "mean" else statistics.median(present))
    return [[f if v is None else float(v) for v, f in zip(row, fills)] for row in X]
