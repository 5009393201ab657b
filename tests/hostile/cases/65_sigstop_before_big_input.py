# row: 65
# target: big_input
# expect: time_limit_exceeded
# why: class 4, a stopped sender: as soon as the harness has written the answer of the test before the ~2 MB one, a thread stops the whole process (SIGSTOP), so the host's send of the big input blocks; the run must still end in time
import os
import signal
import threading
import time

_calls = []


def _writes():
    with open("/proc/self/io") as io:
        return int(io.read().split("syscw:")[1].split()[0])


def _stop_after_the_answer(before):
    while _writes() == before:  # the harness's record is the next write
        time.sleep(0.0005)
    os.kill(os.getpid(), signal.SIGSTOP)


def f(xs):
    _calls.append(len(xs))
    if len(_calls) == 3:  # the next input is the big one
        threading.Thread(target=_stop_after_the_answer, args=(_writes(),), daemon=True).start()
    return len(xs) + 1000000
