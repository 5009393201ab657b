# row: 67
# expect: memory_limit_exceeded
# why: class 6, a child memory bomb started during the last test: the parent answers at once, so the OOM kill comes after the last record; the OOM decision must wait until the container stopped
import os


def f(x):
    if x == 30 and os.fork() == 0:  # the last secret test
        hoard = []
        while True:
            hoard.append(b"x" * (32 << 20))
    return x + 1000000
