# row: 65
# target: big_input
# expect: time_limit_exceeded
# why: class 4, a stopped sender: once the answer is out, a thread that never yields the GIL keeps the harness's reader from draining the ~2 MB input, so the host's send blocks while the container burns CPU
import sys
import threading
import time

_calls = []


def _writes():
    with open("/proc/self/io") as io:
        return int(io.read().split("syscw:")[1].split()[0])


def _hog(before):
    while _writes() == before:  # the harness's record is the next write
        time.sleep(0.0005)
    sys.setswitchinterval(1000.0)
    while True:
        pass


def f(xs):
    _calls.append(len(xs))
    if len(_calls) == 3:
        threading.Thread(target=_hog, args=(_writes(),), daemon=True).start()
    return len(xs) + 1000000
