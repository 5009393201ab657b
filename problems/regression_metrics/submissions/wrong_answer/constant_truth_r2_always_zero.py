"""Gives r2 = 0.0 for every constant y_true, even when the predictions are exact (then it is 1.0)."""


def regression_metrics(y_true: list[float], y_pred: list[float]) -> list[float]:
    n = len(y_true)
    ss_res = sum((t - p) ** 2 for t, p in zip(y_true, y_pred))
    if max(y_true) == min(y_true):
        r2 = 0.0  # undefined, so report no explained variance
    else:
        mean = sum(y_true) / n
        r2 = 1 - ss_res / sum((t - mean) ** 2 for t in y_true)
    return [ss_res / n, sum(abs(t - p) for t, p in zip(y_true, y_pred)) / n, r2]
