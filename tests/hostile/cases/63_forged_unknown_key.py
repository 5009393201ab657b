# row: 63
# expect: runtime_error
# why: class 2, secret input leak through host-written messages: a record written straight to the harness's private pipe has an extra key naming the secret argument; the host's complaint about its keys must not list them
import json
import os

_calls = []


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


def f(x):
    _calls.append(x)
    if x >= 10:
        record = {
            "event": "test",
            "index": len(_calls) - 1,
            "value": x + 1000000,
            "error": None,
            "stdout": "",
            "stdout_truncated": False,
            f"LEAKMARK x={x}": x,
        }
        os.write(_private_fd(), json.dumps(record).encode() + b"\n")
    return x + 1000000
