"""What the judge hands the sandbox, and the raw facts the sandbox hands back.

The sandbox never sees expected answers or verdict rules: it runs a function on
arguments and reports what the host observed. Grading happens elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sandbox.limits import SandboxLimits


@dataclass(frozen=True)
class AnswerLimit:
    """How large one answer may be, as JSON, before the host stops reading it: its bytes,
    its values and its containers (counted from commas and brackets, see
    protocol.values_bound). The judge sets one per test from what that test expects, so
    the host's cost of reading a record follows the problem, not what a submission sends."""

    bytes: int = 16 << 20
    values: int = 1 << 20
    containers: int = 1 << 20


@dataclass(frozen=True)
class Job:
    source: str
    function: str
    # One conversion spec per parameter (see judge.signature): tells the harness
    # which JSON lists must become tuples, which ints floats, and so on.
    param_specs: tuple[Any, ...]
    # Positional arguments of each test, already encoded as one JSON array each.
    test_args: tuple[bytes, ...]
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    # One per test (none: the default for every test).
    answer_limits: tuple[AnswerLimit, ...] = ()

    def answer_limit(self, index: int) -> AnswerLimit:
        return self.answer_limits[index] if self.answer_limits else AnswerLimit()


class Setup(StrEnum):
    """How far the submission got before the first test."""

    ready = "ready"
    compile_error = "compile_error"  # syntax error, or the function is missing / not callable
    import_error = "import_error"  # module-level code raised
    startup_timeout = "startup_timeout"
    out_of_memory = "out_of_memory"
    output_exceeded = "output_exceeded"
    crashed = "crashed"  # the process died, or spoke outside the protocol


class Status(StrEnum):
    """What the host observed for one test."""

    returned = "returned"
    raised = "raised"
    timed_out = "timed_out"
    out_of_memory = "out_of_memory"
    output_exceeded = "output_exceeded"
    crashed = "crashed"
    not_run = "not_run"


@dataclass
class TestOutcome:
    __test__ = False  # not a pytest class

    status: Status
    time_ms: float | None = None  # CPU time of the call, read from the container's cgroup
    value: Any = None
    stdout: str = ""
    error_type: str | None = None
    error_message: str | None = None
    wall_ms: float | None = None  # the host's clock from sending the arguments to the answer
    memory_kb: int | None = None  # the container's peak memory during the call
    replaced_text: bool = False  # unpaired surrogates in what came back were replaced
    # [line, function] of the submission's own frames where it raised, innermost last.
    error_lines: tuple[tuple[int, str], ...] = ()


@dataclass
class RunOutcome:
    setup: Setup
    tests: list[TestOutcome]
    message: str | None = None
    # Some process of the submission was OOM-killed although every test answered
    # (for example a forked child): the engine's word, read when the run ends.
    memory_exceeded: bool = False
    memory_kb: int | None = None  # the container's peak memory over the run
    wall_ms: float = 0.0
    image_id: str = ""
    harness_version: str = ""
