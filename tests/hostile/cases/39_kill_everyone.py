# row: 39
# expect: runtime_error
# why: signals reach only processes in the container
import os
import signal


def f(x):
    os.kill(-1, signal.SIGKILL)
    os.kill(1, signal.SIGKILL)
    os.kill(os.getppid(), signal.SIGKILL)
    return -1
