# Forgets that nothing may be predicted positive.
def precision_recall_f1(y_true, y_pred):
    tp = sum(1 for t, p in zip(y_true, y_pred) if t == p == 1)
    precision = tp / sum(y_pred)
    recall = tp / sum(y_true)
    f1 = 2 * precision * recall / (precision + recall)
    return [precision, recall, f1]
