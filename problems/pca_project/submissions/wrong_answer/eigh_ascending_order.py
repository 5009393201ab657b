import numpy as np


# Takes eigh's first columns, which belong to the smallest eigenvalues.
def pca_project(X, k):
    a = np.array(X, dtype=float)
    c = a - a.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(c, rowvar=False))
    top = vectors[:, :k].copy()
    for j in range(k):
        if top[np.argmax(np.abs(top[:, j])), j] < 0:
            top[:, j] *= -1
    return (c @ top).tolist()
