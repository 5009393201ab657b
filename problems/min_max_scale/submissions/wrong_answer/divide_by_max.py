"""Divides by the column maximum, which is only right when the minimum is 0."""


def min_max_scale(X):
    tops = [max(column) for column in zip(*X)]
    return [[v / t if t else 0.0 for v, t in zip(row, tops)] for row in X]
