import numpy as np


# Removes the outliers instead of clipping them (trimming, not winsorising).
def winsorize(x, lower, upper):
    a = np.array(x, dtype=float)
    low, high = np.percentile(a, [lower, upper])
    return a[(a >= low) & (a <= high)].tolist()
