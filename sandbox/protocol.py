"""The host's side of the harness protocol: what it sends, and a strict reader of what comes back.

Every record is hostile data. A record is accepted only if it is UTF-8 JSON of
exactly the expected shape, for exactly the expected test, within size, value-count
and nesting bounds; anything else is a protocol violation, blamed on the submission.

The bounds are checked before parsing where they can be (a record's bytes, and an
upper bound on its values counted from its brackets and commas), so the host's cost
per record follows what the problem's answer can be, not what a submission sends.
Strings come back with unpaired surrogates replaced by U+FFFD (JSON can carry them,
UTF-8 and the database cannot), and the record says it was changed.

A ProtocolError's message is the host's own text: it never quotes the record,
which could carry a secret test's input out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sandbox.errors import ProtocolError, TooLarge
from sandbox.job import AnswerLimit

MAX_NESTING = 100
MAX_TEXT = 100_000  # characters of an error type or message
MAX_TRACE_FRAMES, MAX_FUNCTION_NAME = 20, 100
# Values a record may hold besides its answer: the harness's own fields and an error.
ENVELOPE_VALUES = 4096

HARNESS_SOURCE = resources.files("sandbox").joinpath("harness.py").read_bytes()
HARNESS_VERSION = hashlib.sha256(HARNESS_SOURCE).hexdigest()[:12]

# Reads exactly the harness off stdin with os.read (no buffering that could
# swallow what follows), then runs it.
BOOTSTRAP = """import os
def take(n):
    data = b""
    while len(data) < n:
        chunk = os.read(0, n - len(data))
        if not chunk:
            raise SystemExit(3)
        data += chunk
    return data
exec(compile(take(int(take(10))), "harness.py", "exec"), {"__name__": "harness"})
"""
PYTHON = "/usr/bin/python3"
COMMAND = [PYTHON, "-I", "-B", "-c", BOOTSTRAP]


def harness_bytes() -> bytes:
    """What a new container reads first: the harness, length-prefixed for BOOTSTRAP.

    Sent when the container starts, before any job exists; the harness answers
    {"event": "warm"} and waits for its one job header.
    """
    return b"%010d" % len(HARNESS_SOURCE) + HARNESS_SOURCE


def job_header(
    source: str, function: str, param_specs: tuple[Any, ...], stdout_cap: int, cpu_s: int
) -> bytes:
    header = {
        "source": source,
        "function": function,
        "params": list(param_specs),
        "stdout_cap": stdout_cap,
        "cpu_s": cpu_s,
    }
    return json_line(header)


def json_line(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode() + b"\n"


@dataclass(frozen=True)
class StartupRecord:
    event: str  # ready | compile_error | import_error
    error_type: str | None = None
    message: str | None = None
    # What the module printed while loading counts against the output limit; its text
    # is never shown (a failed import reports only the error), so only its size is kept.
    stdout_bytes: int = 0
    stdout_truncated: bool = False
    error_lines: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class TestRecord:
    value: Any
    error_type: str | None
    error_message: str | None
    stdout: str
    stdout_truncated: bool
    # [line, function] of the submission's own frames, innermost last (for samples).
    error_lines: tuple[tuple[int, str], ...] = ()
    # Unpaired surrogates were replaced somewhere in the record (value, error, stdout).
    replaced_text: bool = False


def parse_warm(line: bytes) -> None:
    """The harness is loaded and waiting; nothing of a submission has run yet."""
    if _load(line, ENVELOPE_VALUES)[0] != {"event": "warm"}:
        raise ProtocolError("expected the warm record")


def parse_startup(line: bytes) -> StartupRecord:
    record, _ = _load(line, ENVELOPE_VALUES)
    event = record.get("event")
    if event == "ready":
        _keys(record, {"event"})
        return StartupRecord("ready")
    if event == "compile_error":
        _keys(record, {"event", "message"})
        return StartupRecord("compile_error", message=_text(record, "message"))
    if event == "import_error":
        _keys(record, {"event", "type", "message", "lines", "stdout", "stdout_truncated"})
        return StartupRecord(
            "import_error",
            error_type=_text(record, "type"),
            message=_text(record, "message"),
            error_lines=_trace(record),
            stdout_bytes=len(_output(record).encode("utf-8")),
            stdout_truncated=_flag(record, "stdout_truncated"),
        )
    raise ProtocolError("unexpected start-up record")


def parse_test(line: bytes, index: int, limit: AnswerLimit, allowance: int = 0) -> TestRecord:
    """One test's record, its answer within ``limit``; ``allowance`` more values and
    containers may come from the printed text (its brackets and commas count too)."""
    containers = containers_bound(line)
    if containers > limit.containers + allowance + ENVELOPE_VALUES:
        raise TooLarge(f"the answer holds more than {limit.containers} lists and objects")
    record, replaced = _load(line, limit.values + allowance + ENVELOPE_VALUES)
    _keys(record, {"event", "index", "value", "error", "stdout", "stdout_truncated"})
    if record["event"] != "test":
        raise ProtocolError("expected a test record")
    if type(record["index"]) is not int or record["index"] != index:
        raise ProtocolError(f"expected the record of test {index}")
    error = record["error"]
    error_type = error_message = None
    lines: tuple[tuple[int, str], ...] = ()
    if error is not None:
        if not isinstance(error, dict):
            raise ProtocolError("'error' must be an object or null")
        _keys(error, {"type", "message", "lines"})
        error_type, error_message = _text(error, "type"), _text(error, "message")
        lines = _trace(error)
    return TestRecord(
        value=record["value"],
        error_type=error_type,
        error_message=error_message,
        stdout=_output(record),
        stdout_truncated=_flag(record, "stdout_truncated"),
        error_lines=lines,
        replaced_text=replaced,
    )


def values_bound(data: bytes) -> int:
    """An upper bound on the JSON values in ``data``, counted without parsing: every
    value but the first follows a comma or opens a container."""
    return data.count(b",") + data.count(b"[") + data.count(b"{") + 1


def containers_bound(data: bytes) -> int:
    """An upper bound on the lists and objects in ``data``, counted without parsing."""
    return data.count(b"[") + data.count(b"{")


def _load(line: bytes, max_values: int) -> tuple[dict[str, Any], bool]:
    if values_bound(line) > max_values:
        raise TooLarge(f"the answer holds more than {max_values} values")
    try:
        record = json.loads(line.decode("utf-8"), object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"not a JSON record: {type(exc).__name__}") from None
    if not isinstance(record, dict):
        raise ProtocolError("a record must be a JSON object")
    return record, _check_and_clean(record)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ProtocolError("duplicate keys in a record")
    return result


def clean_text(text: str) -> str:
    """``text`` with unpaired surrogates replaced by U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # one U+FFFD for each unpaired surrogate
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _check_and_clean(record: dict[str, Any]) -> bool:
    """Checks the nesting depth and replaces unpaired surrogates in every string and key,
    in place; True if any were replaced."""
    replaced = False
    stack: list[tuple[Any, int]] = [(record, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_NESTING:
            raise ProtocolError(f"a record is nested deeper than {MAX_NESTING} levels")
        if isinstance(item, list):
            for position, child in enumerate(item):
                if isinstance(child, str):
                    cleaned = clean_text(child)
                    if cleaned is not child:
                        item[position], replaced = cleaned, True
                elif isinstance(child, list | dict):
                    stack.append((child, depth + 1))
        elif isinstance(item, dict):
            for key, child in list(item.items()):
                if isinstance(child, str):
                    cleaned = clean_text(child)
                    if cleaned is not child:
                        item[key], replaced = cleaned, True
                elif isinstance(child, list | dict):
                    stack.append((child, depth + 1))
                cleaned_key = clean_text(key)
                if cleaned_key is not key:
                    item[cleaned_key] = item.pop(key)
                    replaced = True
    return replaced


def _keys(record: dict[str, Any], expected: set[str]) -> None:
    if set(record) != expected:
        raise ProtocolError(f"a record's keys are not {sorted(expected)}")


def _trace(record: dict[str, Any]) -> tuple[tuple[int, str], ...]:
    value = record["lines"]
    if not isinstance(value, list) or len(value) > MAX_TRACE_FRAMES:
        raise ProtocolError(f"'lines' must be a list of at most {MAX_TRACE_FRAMES} frames")
    frames = []
    for frame in value:
        if not (
            isinstance(frame, list)
            and len(frame) == 2
            and type(frame[0]) is int
            and 0 < frame[0] < 10**7
            and isinstance(frame[1], str)
            and len(frame[1]) <= MAX_FUNCTION_NAME
        ):
            raise ProtocolError("a frame in 'lines' must be [line, function name]")
        frames.append((frame[0], frame[1]))
    return tuple(frames)


def _text(record: dict[str, Any], key: str) -> str:
    value = record[key]
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ProtocolError(f"{key!r} must be a string of at most {MAX_TEXT} characters")
    return value


def _output(record: dict[str, Any]) -> str:
    """What the submission printed: a string of any length (the host counts its bytes
    against the output limit; the record's size bounds it)."""
    value = record["stdout"]
    if not isinstance(value, str):
        raise ProtocolError("'stdout' must be a string")
    return value


def _flag(record: dict[str, Any], key: str) -> bool:
    value = record[key]
    if not isinstance(value, bool):
        raise ProtocolError(f"{key!r} must be a boolean")
    return value
