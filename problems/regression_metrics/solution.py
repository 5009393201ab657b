import math


def regression_metrics(y_true: list[float], y_pred: list[float]) -> list[float]:
    n = len(y_true)
    errors = [t - p for t, p in zip(y_true, y_pred, strict=True)]
    ss_res = math.fsum(e * e for e in errors)
    mean = math.fsum(y_true) / n
    ss_tot = math.fsum((t - mean) ** 2 for t in y_true)
    if ss_tot == 0:
        r2 = 1.0 if ss_res == 0 else 0.0
    else:
        r2 = 1 - ss_res / ss_tot
    return [ss_res / n, math.fsum(abs(e) for e in errors) / n, r2]
