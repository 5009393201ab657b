import math


def softmax(z: list[float]) -> list[float]:
    top = max(z)
    exps = [math.exp(value - top) for value in z]
    total = math.fsum(exps)
    return [value / total for value in exps]
