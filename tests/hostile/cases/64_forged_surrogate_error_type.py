# row: 64
# expect: runtime_error
# why: class 3, lone surrogates: a record forged on the harness's private pipe has a lone surrogate as its error type, message and stdout; the judgement must still serialize
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
    record = {
        "event": "test",
        "index": len(_calls) - 1,
        "value": None,
        "error": {"type": "\ud800", "message": "\udcff"},
        "stdout": "\udfff",
        "stdout_truncated": False,
    }
    # json.dumps escapes them ("\\ud800"): valid JSON, decoded back to lone surrogates.
    os.write(_private_fd(), json.dumps(record).encode() + b"\n")
    return x + 1000000
