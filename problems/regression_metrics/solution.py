import math


def regression_metrics(y_true: list[float], y_pred: list[float]) -> list[float]:
    n = len(y_true)
    errors = [t - p for t, p in zip(y_true, y_pred, strict=True)]
    ss_res = math.fsum(e * e for e in errors)
    if max(y_true) == min(y_true):
        # Constant truth: ss_tot is 0 in exact arithmetic, even where a rounded mean
        # (three 0.1s average to 0.10000000000000002) would make it slightly positive.
        r2 = 1.0 if all(e == 0 for e in errors) else 0.0
    else:
        mean = math.fsum(y_true) / n
        r2 = 1 - ss_res / math.fsum((t - mean) ** 2 for t in y_true)
    return [ss_res / n, math.fsum(abs(e) for e in errors) / n, r2]
