"""The verdict names every part of the judge speaks, and the graded result they make up."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel


class Verdict(StrEnum):
    accepted = "accepted"
    wrong_answer = "wrong_answer"
    time_limit_exceeded = "time_limit_exceeded"
    memory_limit_exceeded = "memory_limit_exceeded"
    runtime_error = "runtime_error"
    compilation_error = "compilation_error"
    output_limit_exceeded = "output_limit_exceeded"
    internal_error = "internal_error"


class TestVerdict(StrEnum):
    """A test's verdict; ``skipped`` when an earlier test ended the run, ``ran`` when a
    caller-given case returned (there is no expected value to compare with)."""

    __test__ = False  # not a pytest class

    accepted = "accepted"
    wrong_answer = "wrong_answer"
    time_limit_exceeded = "time_limit_exceeded"
    memory_limit_exceeded = "memory_limit_exceeded"
    runtime_error = "runtime_error"
    output_limit_exceeded = "output_limit_exceeded"
    internal_error = "internal_error"
    skipped = "skipped"
    ran = "ran"


def reveals_nothing(group: str) -> bool:
    """The rule "secret tests reveal nothing": a test of this group shows only its
    verdict, a host-written message and the coarse ``time_band`` (grading.secret_view
    makes that view), and nothing more of it is stored, rendered or sent. Decided here
    only: ``TestResult.is_secret`` and ``TestCase.is_secret`` ask this."""
    return group == "secret"


class TestResult(BaseModel):
    """One test as a solver sees it. For a secret test only the verdict, a host-written
    message and the coarse ``time_band`` are shown (see grading.secret_view)."""

    __test__ = False  # not a pytest class
    id: str
    group: str
    verdict: TestVerdict
    time_ms: float | None = None  # CPU time of the call, from the container's cgroup
    wall_ms: float | None = None  # the host's clock, send to answer
    memory_kb: int | None = None  # the container's peak memory during the call
    # Secret tests only: "low" (at most half the time limit) or "high"; one bit a test.
    time_band: str | None = None
    message: str | None = None
    # Only for sample tests: secret inputs, answers and output never leave the judge.
    input: dict[str, Any] | None = None
    expected: Any = None
    output: Any = None
    stdout: str | None = None
    # Where a sample test raised: the submission's own frames, with its source lines.
    traceback: str | None = None

    @property
    def is_secret(self) -> bool:
        """Shows nothing but verdict, message and time band (``reveals_nothing``)."""
        return reveals_nothing(self.group)


class Provenance(BaseModel):
    runner_image: str
    problem_hash: str
    harness_version: str
    judge_version: str


class Judgement(BaseModel):
    problem_id: str
    verdict: Verdict
    message: str | None = None
    time_ms: float  # sum of the per-test CPU times
    max_time_ms: float = 0.0  # the slowest test's CPU time (judge check's margins)
    memory_kb: int | None = None  # the container's peak memory over the run
    wall_ms: float  # the whole run, container start and removal included
    tests: list[TestResult]
    provenance: Provenance
    # The empirical complexity estimate (judge.complexity.report), when one was asked for.
    complexity: dict[str, Any] | None = None
