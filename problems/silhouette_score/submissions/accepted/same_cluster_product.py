import numpy as np


# One distance matrix, then every point's summed distance to every point's cluster as
# one product with the n x n same-cluster matrix: O(n^3) multiplications, where a
# product with the n x k cluster indicator (or one pass per point) takes O(n^2 k).
def silhouette_score(X, labels):
    a = np.array(X, dtype=float)
    squared = (a**2).sum(axis=1)
    d = np.sqrt(np.maximum(squared[:, None] + squared[None, :] - 2 * a @ a.T, 0))
    names = np.array(labels)
    same = (names[:, None] == names[None, :]).astype(float)
    to_cluster = d @ same  # [i, j]: distance from point i to all of j's cluster
    sizes = same.sum(axis=0)  # [j]: the size of j's cluster
    inside = to_cluster.diagonal() / np.maximum(sizes - 1, 1)
    outside = np.where(same > 0, np.inf, to_cluster / sizes).min(axis=1)
    top = np.maximum(inside, outside)
    s = np.where((sizes > 1) & (top > 0), (outside - inside) / np.where(top > 0, top, 1), 0.0)
    return float(s.mean())
