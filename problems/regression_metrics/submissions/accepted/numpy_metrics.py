import numpy as np


def regression_metrics(y_true, y_pred):
    t, p = np.array(y_true, dtype=float), np.array(y_pred, dtype=float)
    ss_res = float(np.sum((t - p) ** 2))
    if t.max() == t.min():
        r2 = 1.0 if np.array_equal(t, p) else 0.0
    else:
        r2 = 1 - ss_res / float(np.sum((t - t.mean()) ** 2))
    return [ss_res / len(t), float(np.mean(np.abs(t - p))), r2]
