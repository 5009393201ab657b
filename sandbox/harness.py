"""In-container harness: loads the submission and calls its function, one test at a time.

This file is executed inside the sandbox, in the same interpreter as the
submission, so the submission can tamper with any of it. It therefore decides
nothing: it only turns calls into JSON records. The host times every test with
its own clock, sends each test's arguments only after the previous record has
arrived, parses records strictly, and compares the values itself.

Wire format (the host writes stdin, the harness writes its private stdout copy):
  harness -> host: {"event": "warm"} as soon as it is loaded (the container may
                   then wait in a pool until a job arrives).
  host -> harness: a JSON line {"source", "function", "params", "stdout_cap", "cpu_s"},
                   then one JSON line per test: the positional arguments.
  harness -> host: {"event": "ready"} | {"event": "compile_error", "message"}
                   | {"event": "import_error", "type", "message", "lines", "stdout",
                      "stdout_truncated"},
                   then per test {"event": "test", "index", "value", "stdout",
                   "stdout_truncated", "error": null | {"type", "message", "lines"}};
                   "lines" lists [line, function] of the submission's own frames.
"""

import _json  # the json module's C core; `import json` pulls in re, ~10 ms per container
import io
import os
import resource
import sys
import types

MAX_ERROR_CHARS = 2000
MAX_TRACE_FRAMES = 20


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


class _OutputLimit(BaseException):
    """Raised into the submission when it prints past the cap, so a print loop ends."""


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
            self.parts.append(data[: max(room, 0)])
            self.size = self.cap
            raise _OutputLimit(f"printed more than {self.cap} bytes")
        self.size += len(data)
        self.parts.append(data)
        return len(text)

    def text(self):
        return b"".join(self.parts).decode("utf-8", "replace")


def _needs_conversion(spec):
    """Only tuples and floats differ from what JSON decoding already gives."""
    kind = spec["kind"]
    if kind in ("float", "tuple"):
        return True
    if "of" in spec:
        return _needs_conversion(spec["of"])
    return any(_needs_conversion(item) for item in spec.get("items", ()))


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
        inner = spec["of"]
        if inner["kind"] == "float":
            return [float(item) if type(item) is int else item for item in value]
        return [_convert(item, inner) for item in value]
    if kind == "tuple" and isinstance(value, list):
        if "items" in spec:
            return tuple(_convert(item, s) for item, s in zip(value, spec["items"], strict=False))
        return tuple(_convert(item, spec["of"]) for item in value)
    if kind == "dict" and isinstance(value, dict):
        return {key: _convert(item, spec["of"]) for key, item in value.items()}
    return value


_CONSTANTS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": -float("inf")}


class _Decoding:
    """What json.loads would give: plain floats and ints; NaN and infinities allowed."""

    strict = True
    object_hook = object_pairs_hook = None
    parse_float, parse_int = float, int
    parse_constant = _CONSTANTS.__getitem__


_scan = _json.make_scanner(_Decoding())  # type: ignore[arg-type]  # any object with its fields


def _loads(line):
    """One JSON document per line, as json.loads would read it."""
    text = line.decode("utf-8").strip(" \t\r\n")
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("not a JSON value") from None
    if end != len(text):
        raise ValueError("extra data after the JSON value")
    return value


def _dumps(record):
    """json.dumps(record, default=_numpy_default), compact. A new encoder each time: one
    that failed midway may keep the objects it was inside as false cycles."""
    encode = _json.make_encoder(
        {}, _numpy_default, _json.encode_basestring_ascii, None, ":", ",", False, False, True
    )
    return "".join(encode(record, 0))


def _numpy_default(value):
    """The encoder calls this for what it cannot encode: numpy values become Python ones."""
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not a JSON value (use lists, dicts, numbers, str)")


def _reap_children():
    """Collect children the submission left exited, so zombies never use up the pids limit."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _error(exc):
    try:
        message = str(exc)
    except BaseException:
        message = "<the exception could not be printed>"
    return {"type": type(exc).__name__, "message": message[:MAX_ERROR_CHARS], "lines": _lines(exc)}


def _lines(exc):
    """[line, function] of each traceback frame in the submission's own file, innermost
    last: the harness's frames (and anything else) stay out of what the solver sees."""
    try:
        frames = []  # the innermost MAX_TRACE_FRAMES, however deep the recursion was
        tb = exc.__traceback__
        steps = 0
        while tb is not None and steps < 1_000_000:
            code = tb.tb_frame.f_code
            if code.co_filename == "solution.py":
                frames.append([tb.tb_lineno, str(code.co_name)[:100]])
                if len(frames) > 2 * MAX_TRACE_FRAMES:
                    del frames[:-MAX_TRACE_FRAMES]
            tb = tb.tb_next
            steps += 1
        return frames[-MAX_TRACE_FRAMES:]
    except BaseException:
        return []


def main():
    reader, write_fd = _take_private_streams()
    os.environ.clear()

    def emit(record):
        data = _dumps(record).encode() + b"\n"
        while data:
            data = data[os.write(write_fd, data) :]

    emit({"event": "warm"})
    line = reader.readline()
    if not line:
        return  # retired from the pool without a job
    job = _loads(line)
    cap = job["stdout_cap"]
    # The container's own CPU ulimit is a loose backstop shared by every job shape;
    # this one fits the job (the host's clock still ends every test first).
    resource.setrlimit(resource.RLIMIT_CPU, (job["cpu_s"], job["cpu_s"] + 1))

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

    convert = [_needs_conversion(spec) for spec in job["params"]]
    for index, line in enumerate(reader):
        args = _loads(line)
        args = [
            _convert(a, spec) if needed else a
            for a, spec, needed in zip(args, job["params"], convert, strict=True)
        ]
        capture = _Capture(cap)
        sys.stdout = sys.stderr = capture
        value, error = None, None
        try:
            value = function(*args)
        except BaseException as exc:
            error = _error(exc)
        _reap_children()
        record = {"event": "test", "index": index, "value": value, "error": error}
        record.update(stdout=capture.text(), stdout_truncated=capture.truncated)
        try:
            emit(record)
        except BaseException as exc:  # not JSON: odd types, cycles, nesting too deep
            emit({**record, "value": None, "error": _error(exc)})


main()
os._exit(0)
