import math


# Normalises by the largest term instead of the sum.
def softmax(z):
    top = max(z)
    return [math.exp(v - top) for v in z]
