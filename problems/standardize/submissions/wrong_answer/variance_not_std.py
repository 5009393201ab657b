# Divides by the variance instead of its square root.
def standardize(X):
    n = len(X)
    columns = list(zip(*X))
    means = [sum(c) / n for c in columns]
    variances = [sum((v - m) ** 2 for v in c) / n for c, m in zip(columns, means)]
    return [[(v - m) / s if s else 0.0 for v, m, s in zip(row, means, variances)] for row in X]
