"""In-container harness: loads the submission and calls its function, one test at a time.

This file is executed inside the sandbox, in the same interpreter as the
submission, so the submission can tamper with any of it. It therefore decides
nothing: it only turns calls into JSON records. The host times every test with
its own clock, sends each test's arguments only after the previous record has
arrived, parses records strictly, and compares the values itself.

Wire format (the host writes stdin, the harness writes its private stdout copy):
  host -> harness: a JSON line {"source", "function", "params", "stdout_cap"},
                   then one JSON line per test: the positional arguments.
  harness -> host: {"event": "ready"} | {"event": "compile_error", "message"}
                   | {"event": "import_error", "type", "message", "stdout", "stdout_truncated"},
                   then per test {"event": "test", "index", "value", "stdout",
                   "stdout_truncated", "error": null | {"type", "message"}}.
"""

import io
import json
import os
import sys
import types

MAX_DEPTH = 64
MAX_ERROR_CHARS = 2000


def _take_private_streams():
    """Keep the protocol pipes to ourselves; the submission gets /dev/null and stderr."""
    read_fd, write_fd = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    # Raw writes to fd 1 end up on stderr, which the host counts against the output limit.
    os.dup2(2, 1)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - lives as long as the process
    return os.fdopen(read_fd, "rb"), write_fd


class _Capture(io.TextIOBase):
    """What the submission prints during one call, kept up to a byte cap."""

    def __init__(self, cap):
        self.cap = cap
        self.size = 0
        self.parts = []
        self.truncated = False

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        data = text.encode("utf-8", "replace")
        room = self.cap - self.size
        if len(data) > room:
            self.truncated = True
            data = data[: max(room, 0)]
        self.size += len(data)
        self.parts.append(data)
        return len(text)

    def text(self):
        return b"".join(self.parts).decode("utf-8", "replace")


def _convert(value, spec):
    """Turn a JSON argument into the declared Python type (lists into tuples, ints into floats)."""
    kind = spec["kind"]
    if kind == "float" and type(value) is int:
        return float(value)
    if kind == "optional":
        return None if value is None else _convert(value, spec["of"])
    if not isinstance(value, (list, dict)):
        return value
    if kind == "list" and isinstance(value, list):
        return [_convert(item, spec["of"]) for item in value]
    if kind == "tuple" and isinstance(value, list):
        if "items" in spec:
            return tuple(_convert(item, s) for item, s in zip(value, spec["items"], strict=False))
        return tuple(_convert(item, spec["of"]) for item in value)
    if kind == "dict" and isinstance(value, dict):
        return {key: _convert(item, spec["of"]) for key, item in value.items()}
    return value


def _plain(value, depth=0):
    """The returned value as plain JSON data: tuples become lists, numpy values Python ones."""
    if depth > MAX_DEPTH:
        raise ValueError(f"the returned value is nested deeper than {MAX_DEPTH} levels")
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"dictionary keys must be str, not {type(key).__name__}")
            plain[str(key)] = _plain(item, depth + 1)
        return plain
    module = type(value).__module__
    if module == "numpy" and hasattr(value, "tolist"):
        return _plain(value.tolist(), depth + 1)
    raise TypeError(f"{type(value).__name__} is not a JSON value (use lists, dicts, numbers, str)")


def _error(exc):
    try:
        message = str(exc)
    except BaseException:
        message = "<the exception could not be printed>"
    return {"type": type(exc).__name__, "message": message[:MAX_ERROR_CHARS]}


def main():
    reader, write_fd = _take_private_streams()
    os.environ.clear()

    def emit(record):
        data = json.dumps(record).encode() + b"\n"
        while data:
            data = data[os.write(write_fd, data) :]

    job = json.loads(reader.readline())
    cap = job["stdout_cap"]

    try:
        code = compile(job["source"], "solution.py", "exec")
    except (SyntaxError, ValueError) as exc:
        emit({"event": "compile_error", "message": f"{type(exc).__name__}: {exc}"})
        return
    module = types.ModuleType("solution")
    module.__file__ = "solution.py"
    sys.modules["solution"] = module
    capture = _Capture(cap)
    sys.stdout = sys.stderr = capture
    try:
        exec(code, module.__dict__)
    except BaseException as exc:
        record = {"event": "import_error", **_error(exc)}
        emit({**record, "stdout": capture.text(), "stdout_truncated": capture.truncated})
        return
    function = module.__dict__.get(job["function"])
    if not callable(function):
        found = "is not callable" if job["function"] in module.__dict__ else "is not defined"
        emit({"event": "compile_error", "message": f"function {job['function']!r} {found}"})
        return
    emit({"event": "ready"})

    for index, line in enumerate(reader):
        args = [_convert(a, s) for a, s in zip(json.loads(line), job["params"], strict=True)]
        capture = _Capture(cap)
        sys.stdout = sys.stderr = capture
        value, error = None, None
        try:
            value = _plain(function(*args))
        except BaseException as exc:
            error = _error(exc)
        record = {"event": "test", "index": index, "value": value, "error": error}
        record.update(stdout=capture.text(), stdout_truncated=capture.truncated)
        try:
            emit(record)
        except ValueError as exc:  # e.g. a float too odd to encode
            emit({**record, "value": None, "error": _error(exc)})


main()
os._exit(0)
