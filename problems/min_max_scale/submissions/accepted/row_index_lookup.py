# Scales column by column, then rebuilds each output row after finding its row number
# through X.index(row): a linear search per row, so O(n^2) comparisons where
# enumerate would do. (Equal rows scale to equal rows, so the first match is right.)
def min_max_scale(X):
    scaled = []
    for column in zip(*X):
        low, high = min(column), max(column)
        if high == low:
            scaled.append([0.0] * len(column))
        else:
            scaled.append([(value - low) / (high - low) for value in column])
    result = []
    for row in X:
        i = X.index(row)
        result.append([column[i] for column in scaled])
    return result
