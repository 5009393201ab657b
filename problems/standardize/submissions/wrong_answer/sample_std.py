import statistics


# statistics.stdev is the sample standard deviation (divides by n - 1).
def standardize(X):
    columns = list(zip(*X))
    means = [statistics.fmean(c) for c in columns]
    stds = [statistics.stdev(c) if len(c) > 1 else 0.0 for c in columns]
    return [[(v - m) / s if s else 0.0 for v, m, s in zip(row, means, stds)] for row in X]
