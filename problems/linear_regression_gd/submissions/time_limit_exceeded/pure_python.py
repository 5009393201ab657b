"""Correct, but plain Python that recomputes every prediction for each weight's gradient:
far too slow at 500 x 5 x 2000 (a tighter plain-Python loop is already borderline)."""


def linear_regression_gd(X, y, learning_rate, iterations):
    n, d = len(X), len(X[0])
    b, w = 0.0, [0.0] * d

    def predict(row):
        return b + sum(wj * xj for wj, xj in zip(w, row))

    for _ in range(iterations):
        grad_b = 2 / n * sum(predict(row) - t for row, t in zip(X, y))
        grad_w = [2 / n * sum((predict(row) - t) * row[j] for row, t in zip(X, y)) for j in range(d)]
        b -= learning_rate * grad_b
        w = [wj - learning_rate * g for wj, g in zip(w, grad_w)]
    return [b, *w]
