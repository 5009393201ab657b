# row: 33
# expect: wrong_answer
# why: only PATH, HOSTNAME and HOME exist at all
import os


def f(x):
    raw = open("/proc/self/environ", "rb").read().split(b"\0")
    names = {item.split(b"=")[0] for item in raw if item}
    leaked = names - {b"PATH", b"HOSTNAME", b"HOME"} or os.environ
    return x + 1000000 if leaked else -1
