# row: 5
# expect: time_limit_exceeded
# why: pids limit stops the forks; the survivors loop until the host kills them
import os


def f(x):
    while True:
        try:
            os.fork()
        except OSError:
            pass
