def precision_recall_f1(y_true: list[int], y_pred: list[int]) -> list[float]:
    tp = fp = fn = 0
    for real, predicted in zip(y_true, y_pred, strict=True):
        if predicted == 1:
            if real == 1:
                tp += 1
            else:
                fp += 1
        elif real == 1:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [precision, recall, f1]
