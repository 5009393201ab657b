# row: 26
# expect: runtime_error
# why: RecursionError is a runtime error
def f(x):
    return f(x + 1)
