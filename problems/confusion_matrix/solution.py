def confusion_matrix(y_true: list[int], y_pred: list[int], n_classes: int) -> list[list[int]]:
    matrix = [[0] * n_classes for _ in range(n_classes)]
    for real, predicted in zip(y_true, y_pred, strict=True):
        matrix[real][predicted] += 1
    return matrix
