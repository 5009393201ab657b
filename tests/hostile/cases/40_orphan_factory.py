# row: 40
# expect: accepted
# why: policy: leftover processes do not fail a correct answer; the container and everything in it is removed
import os


def f(x):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            while True:
                pass
        os._exit(0)
    return x + 1000000
