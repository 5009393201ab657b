"""Indexes rows and columns by the sorted labels that occur, so an unused class loses its row."""


def confusion_matrix(y_true: list[int], y_pred: list[int], n_classes: int) -> list[list[int]]:
    labels = sorted(set(y_true) | set(y_pred))
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * n_classes for _ in range(n_classes)]
    for real, predicted in zip(y_true, y_pred):
        matrix[index[real]][index[predicted]] += 1
    return matrix
