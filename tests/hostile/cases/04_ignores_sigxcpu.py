# row: 4
# expect: time_limit_exceeded
# why: the host timer ends it whatever RLIMIT_CPU does
import signal


def f(x):
    signal.signal(signal.SIGXCPU, signal.SIG_IGN)
    while True:
        pass
