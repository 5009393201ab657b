"""F1 as the plain average of precision and recall instead of the harmonic mean."""


def precision_recall_f1(y_true, y_pred):
    tp = sum(1 for t, p in zip(y_true, y_pred) if t == p == 1)
    predicted, real = sum(y_pred), sum(y_true)
    precision = tp / predicted if predicted else 0.0
    recall = tp / real if real else 0.0
    return [precision, recall, (precision + recall) / 2]
