# Subtracts the mean but forgets to divide by the spread.
def standardize(X):
    n = len(X)
    means = [sum(c) / n for c in zip(*X)]
    return [[v - m for v, m in zip(row, means)] for row in X]
