"""Returns the root of the mean squared error."""
import math


def regression_metrics(y_true, y_pred):
    n = len(y_true)
    mean = sum(y_true) / n
    ss_res = sum((t - p) ** 2 for t, p in zip(y_true, y_pred))
    ss_tot = sum((t - mean) ** 2 for t in y_true)
    r2 = (1.0 if ss_res == 0 else 0.0) if ss_tot == 0 else 1 - ss_res / ss_tot
    return [math.sqrt(ss_res / n), sum(abs(t - p) for t, p in zip(y_true, y_pred)) / n, r2]
