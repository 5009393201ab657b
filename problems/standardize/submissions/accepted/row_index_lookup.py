import math


# Scales column by column, then rebuilds each output row after finding its row number
# through X.index(row): a linear search per row, so O(n^2) comparisons where
# enumerate would do. (Equal rows scale to equal rows, so the first match is right.)
def standardize(X):
    n = len(X)
    scaled = []
    for column in zip(*X):
        mean = sum(column) / n
        std = math.sqrt(sum((value - mean) ** 2 for value in column) / n)
        if max(column) == min(column):
            scaled.append([0.0] * n)
        else:
            scaled.append([(value - mean) / std for value in column])
    result = []
    for row in X:
        i = X.index(row)
        result.append([column[i] for column in scaled])
    return result
