"""Fills the rows with True/False comparisons instead of the integers 1 and 0."""


def one_hot_encode(values: list[str]) -> list[list[int]]:
    categories = sorted(set(values))
    return [[value == c for c in categories] for value in values]
