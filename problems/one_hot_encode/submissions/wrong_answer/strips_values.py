"""Strips surrounding spaces as a cleaning step, merging " a" and "a" into one category."""


def one_hot_encode(values: list[str]) -> list[list[int]]:
    cleaned = [v.strip() for v in values]
    categories = sorted(set(cleaned))
    return [[1 if value == c else 0 for c in categories] for value in cleaned]
