import numpy as np


# Right singular vectors of the centred data are the covariance eigenvectors, already sorted.
def pca_project(X, k):
    a = np.array(X, dtype=float)
    centred = a - a.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:k].T
    for j in range(k):
        if components[np.argmax(np.abs(components[:, j])), j] < 0:
            components[:, j] *= -1
    return (centred @ components).tolist()
