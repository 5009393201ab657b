import numpy as np


def one_hot_encode(values):
    categories, codes = np.unique(np.array(values, dtype=object), return_inverse=True)
    return np.eye(len(categories), dtype=int)[codes].tolist()
