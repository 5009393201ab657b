# Forgets the constant-truth rule: ss_tot can be zero.
def regression_metrics(y_true, y_pred):
    n = len(y_true)
    mean = sum(y_true) / n
    ss_res = sum((t - p) ** 2 for t, p in zip(y_true, y_pred))
    ss_tot = sum((t - mean) ** 2 for t in y_true)
    return [ss_res / n, sum(abs(t - p) for t, p in zip(y_true, y_pred)) / n, 1 - ss_res / ss_tot]
