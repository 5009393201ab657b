"""Orders the columns by first appearance, not sorted."""


def one_hot_encode(values):
    categories = list(dict.fromkeys(values))
    return [[1 if value == c else 0 for c in categories] for value in values]
