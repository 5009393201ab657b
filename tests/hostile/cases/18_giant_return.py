# row: 18
# expect: memory_limit_exceeded
# why: building or encoding 2 GiB in 128 MB fails
def f(x):
    return "x" * 2**31
