# row: 3
# expect: time_limit_exceeded
# why: the kill is an external SIGKILL
import signal


def f(x):
    for sig in (signal.SIGTERM, signal.SIGALRM, signal.SIGINT):
        signal.signal(sig, signal.SIG_IGN)
    signal.alarm(0)
    while True:
        pass
