import numpy as np


# Returns whatever signs the eigen-solver happened to produce.
def pca_project(X, k):
    a = np.array(X, dtype=float)
    c = a - a.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(c, rowvar=False).reshape(a.shape[1], a.shape[1]))
    top = vectors[:, np.argsort(values)[::-1][:k]]
    top = np.where(top.sum(axis=0) < 0, -top, top)  # "first entry positive"-style guess
    return (c @ top).tolist()
