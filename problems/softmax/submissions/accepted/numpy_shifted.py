import numpy as np


def softmax(z):
    a = np.array(z, dtype=float)
    e = np.exp(a - a.max())
    return (e / e.sum()).tolist()
