# row: 12
# expect: runtime_error
# why: a write past RLIMIT_FSIZE is refused (EFBIG, uncaught)
import signal


def f(x):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    with open("/tmp/one", "wb") as out:
        out.write(b"x" * (9 * 2**20))
