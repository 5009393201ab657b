# row: 65
# target: big_input
# expect: time_limit_exceeded
# why: class 4, a stopped sender: the harness stops itself (SIGSTOP) inside the call before the ~2 MB input and a child writes a valid record for it on the private pipe, so the host sends the big input to a process that uses no CPU and reads nothing
import json
import os
import signal
import time

_calls = []


def _state(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rpartition(")")[2].split()[0]


def _private_fd():
    """The harness's copy of the original stdout: a pipe that is not fd 1 or 2."""
    stderr = os.fstat(2).st_ino
    for fd in range(3, 32):
        try:
            if os.fstat(fd).st_ino != stderr:
                os.write(fd, b"")
                return fd
        except OSError:
            continue
    raise RuntimeError("no private pipe found")


def f(xs):
    _calls.append(len(xs))
    if len(_calls) == 3:  # the next input is the big one
        parent = os.getpid()
        if os.fork() == 0:
            while _state(parent) != "T":
                time.sleep(0.001)
            record = {
                "event": "test",
                "index": 2,
                "value": len(xs) + 1000000,
                "error": None,
                "stdout": "",
                "stdout_truncated": False,
            }
            os.write(_private_fd(), json.dumps(record).encode() + b"\n")
            os._exit(0)
        os.kill(parent, signal.SIGSTOP)
    return len(xs) + 1000000
