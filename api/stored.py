"""What one result may leave in the database, whatever grading handed over: a
submission printing megabytes must not grow the file by megabytes, and SQLite's
UTF-8 cannot hold a lone surrogate. Sizes are UTF-8 bytes (of the JSON text for
``output``); see docs/api.md. api.queue stores these rows."""

from __future__ import annotations

from typing import Any

from judge.budget import OutputBudget
from judge.verdicts import TestResult

STDOUT_CAP_BYTES = 16 << 10  # per public test
OUTPUT_CAP_BYTES = 16 << 10  # per public test; a bigger value becomes a marker string
MESSAGE_CAP_BYTES = 4 << 10  # per test, and the submission's message
SUBMISSION_CAP_BYTES = 256 << 10  # all of the above in one submission together


def row_of(seq: int, position: int, test: TestResult, budget: OutputBudget) -> dict[str, Any]:
    """The test's row in the tests table: a secret test's without its values."""
    return {
        "submission_seq": seq,
        "position": position,
        "test_id": storable(test.id),
        "group": storable(test.group),
        "verdict": test.verdict.value,
        "time_ms": test.time_ms,
        "wall_ms": test.wall_ms,
        "memory_kb": test.memory_kb,
        "time_band": storable(test.time_band),
        "message": budget.text(test.message, MESSAGE_CAP_BYTES),
        "detail": None if test.is_secret else _detail(test, budget),
    }


def storable(value: Any) -> Any:
    """A JSON value whose strings SQLite can store: lone surrogates become '?'."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    return value


def _detail(test: TestResult, budget: OutputBudget) -> dict[str, Any]:
    """A public test's values. ``input`` and ``expected`` come from the problem or the
    caller's request (bounded by the body limit), so only what the submission made
    (its output and what it printed) is capped."""
    return {
        "input": storable(test.input),
        "expected": storable(test.expected),
        "output": storable(budget.value(test.output, OUTPUT_CAP_BYTES, "stored")),
        "stdout": budget.text(test.stdout, STDOUT_CAP_BYTES),
        "traceback": budget.text(test.traceback, MESSAGE_CAP_BYTES),
    }
