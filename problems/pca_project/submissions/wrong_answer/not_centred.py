import numpy as np


# Skips centring: the "components" follow the mean, not the spread.
def pca_project(X, k):
    a = np.array(X, dtype=float)
    values, vectors = np.linalg.eigh(a.T @ a / (len(a) - 1))
    top = vectors[:, np.argsort(values)[::-1][:k]]
    for j in range(k):
        if top[np.argmax(np.abs(top[:, j])), j] < 0:
            top[:, j] *= -1
    return (a @ top).tolist()
