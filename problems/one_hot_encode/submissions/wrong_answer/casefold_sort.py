"""Sorts the columns alphabetically ignoring case, not by plain string comparison ("B" < "a")."""


def one_hot_encode(values: list[str]) -> list[list[int]]:
    categories = sorted(set(values), key=str.lower)
    column = {c: i for i, c in enumerate(categories)}
    rows = []
    for value in values:
        row = [0] * len(categories)
        row[column[value]] = 1
        rows.append(row)
    return rows
