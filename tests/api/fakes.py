"""A judge with no Docker behind it, for tests of the service around the sandbox
(queue, workers, storage); never for tests of isolation, limits or verdicts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from judge.problem import Problem
from judge.verdicts import Judgement
from sandbox.container import Cancel


class FakeSandbox:
    def busy(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def close(self) -> None:
        pass


class FakeJudge:
    """``make`` makes each judgement from (problem, source); there is no run to cancel."""

    def __init__(self, make: Callable[[Problem, str], Judgement]):
        self.sandbox = FakeSandbox()
        self.make = make

    def judge(self, problem: Problem, source: str, cancel: Cancel | None = None) -> Judgement:
        return self.make(problem, source)
