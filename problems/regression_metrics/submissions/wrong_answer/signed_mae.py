"""Averages the signed errors for mae, forgetting the absolute value."""


def regression_metrics(y_true: list[float], y_pred: list[float]) -> list[float]:
    n = len(y_true)
    ss_res = sum((t - p) ** 2 for t, p in zip(y_true, y_pred))
    if max(y_true) == min(y_true):
        r2 = 1.0 if ss_res == 0 else 0.0
    else:
        mean = sum(y_true) / n
        r2 = 1 - ss_res / sum((t - mean) ** 2 for t in y_true)
    return [ss_res / n, sum(t - p for t, p in zip(y_true, y_pred)) / n, r2]
