import math


# No shift: math.exp(1000) raises OverflowError.
def softmax(z):
    exps = [math.exp(v) for v in z]
    total = sum(exps)
    return [v / total for v in exps]
