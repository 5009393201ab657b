"""Sizes the matrix from the labels that occur, dropping classes that never appear."""


def confusion_matrix(y_true, y_pred, n_classes):
    k = max(max(y_true), max(y_pred)) + 1
    matrix = [[0] * k for _ in range(k)]
    for real, predicted in zip(y_true, y_pred):
        matrix[real][predicted] += 1
    return matrix
