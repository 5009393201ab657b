"""Uses np.nanmean/np.nanmedian unguarded: a column with no present value becomes NaN, not 0.0."""
import warnings

import numpy as np


def impute_missing(X: list[list[float | None]], strategy: str) -> list[list[float]]:
    a = np.array([[np.nan if v is None else v for v in row] for row in X], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fills = np.nanmean(a, axis=0) if strategy == "mean" else np.nanmedian(a, axis=0)
    return np.where(np.isnan(a), fills, a).tolist()
