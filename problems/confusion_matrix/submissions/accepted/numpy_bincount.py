import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    flat = np.array(y_true) * n_classes + np.array(y_pred)
    return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes).tolist()
