# Correct, but each iteration loops over every example in Python: too slow at 500 x 5 x 2000.
def linear_regression_gd(X, y, learning_rate, iterations):
    n, d = len(X), len(X[0])
    b, w = 0.0, [0.0] * d
    for _ in range(iterations):
        errors = [b + sum(wj * xj for wj, xj in zip(w, row)) - t for row, t in zip(X, y)]
        grad_b = 2 / n * sum(errors)
        grad_w = [2 / n * sum(e * row[j] for e, row in zip(errors, X)) for j in range(d)]
        b -= learning_rate * grad_b
        w = [wj - learning_rate * g for wj, g in zip(w, grad_w)]
    return [b, *w]
