# row: 13
# expect: time_limit_exceeded
# why: creating files one by one takes longer than the 1 s limit before tmpfs bounds are met (row allows RE | TLE)
import os


def f(x):
    try:
        for i in range(200000):
            open(f"/tmp/{i}", "w").close()
    except OSError:
        return -1
    return x + 1000000
