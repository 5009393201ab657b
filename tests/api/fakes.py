"""A judge with no Docker behind it, for tests of the service around the sandbox
(queue, workers, storage); never for tests of isolation, limits or verdicts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from judge.judging import OnTest
from judge.problem import Problem
from judge.verdicts import Judgement, Provenance, TestResult, TestVerdict, Verdict
from sandbox.container import Cancel

PROVENANCE = Provenance(
    runner_image="fake", problem_hash="h", harness_version="v", judge_version="j"
)


def accepted(problem: Problem, source: str) -> Judgement:
    """Every test passed, in a millisecond each: what a fake service judges by default."""
    tests = [
        TestResult(
            id=case.id,
            group=case.group,
            verdict=TestVerdict.accepted,
            time_ms=1.0,
            wall_ms=2.0,
            memory_kb=1024,
            time_band="low" if case.group == "secret" else None,
        )
        for case in problem.tests
    ]
    return Judgement(
        problem_id=problem.id,
        verdict=Verdict.accepted,
        time_ms=float(len(tests)),
        max_time_ms=1.0,
        memory_kb=1024,
        wall_ms=2.0 * len(tests),
        tests=tests,
        provenance=PROVENANCE,
    )


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
