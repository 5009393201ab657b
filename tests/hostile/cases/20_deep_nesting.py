# row: 20
# expect: runtime_error
# why: encoding a million-deep list fails with RecursionError
def f(x):
    value = []
    for _ in range(10**6):
        value = [value]
    return value
