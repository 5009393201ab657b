import itertools


# Sorts the (true, predicted) pairs and counts each run of equal pairs: right, but
# the sort makes it O(n log n) where one pass of counting is O(n).
def confusion_matrix(y_true, y_pred, n_classes):
    matrix = [[0] * n_classes for _ in range(n_classes)]
    for (real, predicted), run in itertools.groupby(sorted(zip(y_true, y_pred))):
        matrix[real][predicted] = sum(1 for _ in run)
    return matrix
