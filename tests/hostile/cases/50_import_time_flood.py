# row: 50
# expect: output_limit_exceeded
# why: printing while loading counts against the output limit
print("x" * 10**6)


def f(x):
    return -1
