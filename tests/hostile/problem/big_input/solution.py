def f(xs):
    return len(xs) + 1000000
