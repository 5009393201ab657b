"""Problem + source -> sandbox job -> raw outcome -> judgement."""

from __future__ import annotations

from importlib.metadata import version

from judge import checkers
from judge.grading import grade
from judge.problem import Problem
from judge.verdicts import Judgement, Provenance
from sandbox.container import Cancel, Sandbox
from sandbox.job import Job, RunOutcome, Setup, Status, TestOutcome
from sandbox.limits import SandboxLimits

JUDGE_VERSION = version("pyjudge")


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

    def judge(self, problem: Problem, source: str, cancel: Cancel | None = None) -> Judgement:
        """``cancel``, once set, kills the run's container: what comes back is no verdict."""
        checker = checkers.for_problem(problem)
        size = len(source.encode("utf-8", "surrogatepass"))
        if size > self.max_source_bytes:
            outcome = RunOutcome(
                Setup.compile_error,
                [TestOutcome(Status.not_run) for _ in problem.tests],
                f"the source is {size} bytes; the limit is {self.max_source_bytes}",
                image_id=self.sandbox.image_id,
            )
        else:
            outcome = self.sandbox.run(job_for(problem, source), cancel)
        provenance = Provenance(
            runner_image=outcome.image_id or self.sandbox.image_id,
            problem_hash=problem.content_hash,
            harness_version=outcome.harness_version,
            judge_version=JUDGE_VERSION,
        )
        return grade(problem, outcome, checker, provenance)
