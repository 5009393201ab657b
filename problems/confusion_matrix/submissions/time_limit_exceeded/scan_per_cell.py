# Scans all examples once per cell: n_classes^2 passes over the data.
def confusion_matrix(y_true, y_pred, n_classes):
    pairs = list(zip(y_true, y_pred))
    return [
        [sum(1 for real, predicted in pairs if real == r and predicted == c) for c in range(n_classes)]
        for r in range(n_classes)
    ]
