# row: 41
# expect: accepted
# why: zombies are reaped by the init process; the answer is right
import os


def f(x):
    for _ in range(20):
        if os.fork() == 0:
            os._exit(0)
    return x + 1000000
