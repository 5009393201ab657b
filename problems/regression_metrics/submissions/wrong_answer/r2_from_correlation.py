"""Squares Pearson's correlation, which equals R^2 only for a fitted least-squares line."""
import statistics


def regression_metrics(y_true, y_pred):
    n = len(y_true)
    mse = sum((t - p) ** 2 for t, p in zip(y_true, y_pred)) / n
    mae = sum(abs(t - p) for t, p in zip(y_true, y_pred)) / n
    try:
        r2 = statistics.correlation(y_true, y_pred) ** 2
    except statistics.StatisticsError:
        r2 = 1.0 if mse == 0 else 0.0
    return [mse, mae, r2]
