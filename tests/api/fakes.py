"""A judge with no Docker behind it, for tests of the service around the sandbox
(queue, workers, storage); never for tests of isolation, limits or verdicts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from judge.judging import OnTest
from judge.problem import Problem
from judge.verdicts import Judgement
from sandbox.container import Cancel


class FakeSandbox:
    def busy(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def close(self) -> None:
        pass


class FakeJudge:
    """``make`` makes each judgement from (problem, source); there is no run to cancel.
    Its tests are reported one by one, as a real run's are, before it returns."""

    def __init__(self, make: Callable[[Problem, str], Judgement]):
        self.sandbox = FakeSandbox()
        self.make = make

    def judge(
        self,
        problem: Problem,
        source: str,
        cancel: Cancel | None = None,
        on_test: OnTest | None = None,
    ) -> Judgement:
        judgement = self.make(problem, source)
        if on_test is not None:
            for index, test in enumerate(judgement.tests):
                on_test(index, test)
        return judgement
