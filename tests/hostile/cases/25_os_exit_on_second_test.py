# row: 25
# expect: runtime_error
# why: exit 0 with records missing is not a pass
import os

calls = []


def f(x):
    calls.append(x)
    if len(calls) == 2:
        os._exit(0)
    return x + 1000000
