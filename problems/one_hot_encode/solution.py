def one_hot_encode(values: list[str]) -> list[list[int]]:
    categories = sorted(set(values))
    column = {value: index for index, value in enumerate(categories)}
    rows = []
    for value in values:
        row = [0] * len(categories)
        row[column[value]] = 1
        rows.append(row)
    return rows
