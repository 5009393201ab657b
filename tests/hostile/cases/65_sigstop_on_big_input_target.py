# row: 65
# target: big_input
# expect: time_limit_exceeded
# why: class 4, a stopped sender: stopping itself inside the call (no answer at all) on the small test before the big one; the host's deadline ends it as before
import os
import signal

_calls = []


def f(xs):
    _calls.append(len(xs))
    if len(_calls) == 3:
        os.kill(os.getpid(), signal.SIGSTOP)
    return len(xs) + 1000000
