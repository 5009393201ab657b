# Takes the values off the front of a list as from a queue: each pop(0) shifts every
# remaining value, so O(n^2) moves, though each one is a cheap memmove. The column
# comes from categories.index, a linear search, but over the few categories only.
def one_hot_encode(values):
    categories = sorted(set(values))
    pending = list(values)
    rows = []
    while pending:
        value = pending.pop(0)
        row = [0] * len(categories)
        row[categories.index(value)] = 1
        rows.append(row)
    return rows
