# row: 19
# expect: runtime_error
# why: the harness refuses to encode an int over 4300 digits
def f(x):
    return 10 ** (10**6)
