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


class TestResult(BaseModel):
    __test__ = False  # not a pytest class
    id: str
    group: str
    verdict: TestVerdict
    time_ms: float | None = None
    message: str | None = None
    # Only for sample tests: secret inputs, answers and output never leave the judge.
    input: dict[str, Any] | None = None
    expected: Any = None
    output: Any = None
    stdout: str | None = None


class Provenance(BaseModel):
    runner_image: str
    problem_hash: str
    harness_version: str
    judge_version: str


class Judgement(BaseModel):
    problem_id: str
    verdict: Verdict
    message: str | None = None
    time_ms: float  # sum of the per-test times measured by the host
    wall_ms: float  # the whole run, container start and removal included
    tests: list[TestResult]
    provenance: Provenance
