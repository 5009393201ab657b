"""Treats "Cat" and "cat" as one category."""


def one_hot_encode(values):
    lowered = [v.lower() for v in values]
    categories = sorted(set(lowered))
    return [[1 if value == c else 0 for c in categories] for value in lowered]
