"""Problem + source -> sandbox job -> raw outcome -> judgement."""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import version

from judge import checkers
from judge.grading import Grader
from judge.problem import Problem
from judge.verdicts import Judgement, Provenance, TestResult
from sandbox import Cancel, Job, RunOutcome, Sandbox, SandboxLimits, Setup, Status, TestOutcome

JUDGE_VERSION = version("pyjudge")
log = logging.getLogger("pyjudge.judge")

# Hears of each test's graded result as it ends: (its index in the problem, the result).
OnTest = Callable[[int, TestResult], None]


def limits_for(problem: Problem) -> SandboxLimits:
    limits = problem.meta.limits
    return SandboxLimits(
        time_per_test_s=limits.time_s,
        memory_mb=limits.memory_mb,
        output_kb=limits.output_kb,
    )


def job_for(problem: Problem, source: str) -> Job:
    return Job(
        source=source,
        function=problem.meta.function.name,
        param_specs=problem.param_specs,
        test_args=tuple(case.encoded_args for case in problem.tests),
        limits=limits_for(problem),
        answer_limits=tuple(
            problem.custom_answer_limit if case.group == "custom" else case.answer_limit
            for case in problem.tests
        ),
    )


class Judge:
    """Judges sources against problems in one sandbox engine."""

    def __init__(self, sandbox: Sandbox, max_source_bytes: int = 64 << 10):
        self.sandbox = sandbox
        self.max_source_bytes = max_source_bytes

    def judge(
        self,
        problem: Problem,
        source: str,
        cancel: Cancel | None = None,
        on_test: OnTest | None = None,
    ) -> Judgement:
        """``cancel``, once set, kills the run's container: what comes back is no verdict.
        ``on_test`` hears of each test as it ends; a failure there never stops judging."""
        grader = Grader(problem, checkers.for_problem(problem), source)
        size = len(source.encode("utf-8", "surrogatepass"))
        if size > self.max_source_bytes:
            outcome = RunOutcome(
                Setup.compile_error,
                [TestOutcome(Status.not_run) for _ in problem.tests],
                f"the source is {size} bytes; the limit is {self.max_source_bytes}",
                image_id=self.sandbox.image_id,
            )
        else:

            def tell(index: int, raw: TestOutcome) -> None:
                if on_test is None:
                    return
                try:
                    on_test(index, grader.test(index, raw))
                except Exception:
                    log.exception("reporting the progress of %s failed", problem.id)

            outcome = self.sandbox.run(job_for(problem, source), cancel, tell)
        provenance = Provenance(
            runner_image=outcome.image_id or self.sandbox.image_id,
            problem_hash=problem.content_hash,
            harness_version=outcome.harness_version,
            judge_version=JUDGE_VERSION,
        )
        return grader.run(outcome, provenance)
