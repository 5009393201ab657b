import numpy as np


def impute_missing(X, strategy):
    a = np.array([[np.nan if v is None else v for v in row] for row in X], dtype=float)
    out = a.copy()
    for j in range(a.shape[1]):
        column = a[:, j]
        present = column[~np.isnan(column)]
        if present.size == 0:
            fill = 0.0
        elif strategy == "mean":
            fill = present.mean()
        else:
            fill = np.median(present)
        out[np.isnan(column), j] = fill
    return out.tolist()
