"""Tests `ss_tot == 0` literally, so a constant y_true whose float mean is off (0.1 * 3) is not constant."""


def regression_metrics(y_true: list[float], y_pred: list[float]) -> list[float]:
    n = len(y_true)
    mean = sum(y_true) / n
    ss_res = sum((t - p) ** 2 for t, p in zip(y_true, y_pred))
    ss_tot = sum((t - mean) ** 2 for t in y_true)
    if ss_tot == 0:
        r2 = 1.0 if ss_res == 0 else 0.0
    else:
        r2 = 1 - ss_res / ss_tot
    return [ss_res / n, sum(abs(t - p) for t, p in zip(y_true, y_pred)) / n, r2]
