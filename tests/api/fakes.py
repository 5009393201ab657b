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


def judgement(
    problem: Problem,
    verdict: Verdict = Verdict.accepted,
    message: str | None = None,
    test_verdict: TestVerdict = TestVerdict.accepted,
    **public: object,
) -> Judgement:
    """What the real judge would return: ``verdict`` for the run, ``test_verdict`` for
    every test, a millisecond each, with ``public`` fields set on the sample tests."""
    tests = [
        TestResult(
            id=case.id,
            group=case.group,
            verdict=test_verdict,
            time_ms=1.0,
            wall_ms=2.0,
            memory_kb=1024,
            time_band="low" if case.group == "secret" else None,
            **({} if case.group == "secret" else public),
        )
        for case in problem.tests
    ]
    return Judgement(
        problem_id=problem.id,
        verdict=verdict,
        message=message,
        time_ms=float(len(tests)),
        max_time_ms=1.0,
        memory_kb=1024,
        wall_ms=2.0 * len(tests),
        tests=tests,
        provenance=PROVENANCE,
    )


def accepted(problem: Problem, source: str) -> Judgement:
    """What a fake service judges by default."""
    return judgement(problem)


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
