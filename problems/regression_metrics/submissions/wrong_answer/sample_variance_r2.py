"""Uses n - 1 for the total variance but n for the residuals."""


def regression_metrics(y_true, y_pred):
    n = len(y_true)
    mean = sum(y_true) / n
    mse = sum((t - p) ** 2 for t, p in zip(y_true, y_pred)) / n
    var = sum((t - mean) ** 2 for t in y_true) / (n - 1) if n > 1 else 0.0
    r2 = (1.0 if mse == 0 else 0.0) if var == 0 else 1 - mse / var
    return [mse, sum(abs(t - p) for t, p in zip(y_true, y_pred)) / n, r2]
