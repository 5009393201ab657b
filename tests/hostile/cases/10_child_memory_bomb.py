# row: 10
# expect: memory_limit_exceeded
# why: any OOM kill in the container counts, even when the parent answers correctly
import os


def f(x):
    pid = os.fork()
    if pid == 0:
        hoard = []
        while True:
            hoard.append("x" * 10**6)
    os.waitpid(pid, 0)
    return x + 1000000
