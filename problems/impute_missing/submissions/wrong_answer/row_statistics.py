"""Fills from the row's values instead of the column's."""
import statistics


def impute_missing(X, strategy):
    result = []
    for row in X:
        present = [v for v in row if v is not None]
        if not present:
            fill = 0.0
        elif strategy == "mean":
            fill = statistics.fmean(present)
        else:
            fill = statistics.median(present)
        result.append([fill if v is None else float(v) for v in row])
    return result
