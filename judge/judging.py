"""Problem + source -> sandbox job -> raw outcome -> judgement.

Also what the service's workers decide without the sandbox: the problem a run
(caller-given arguments) is judged against, the internal_error a failed judging
ends as, and the source-size rule the API answers 413 with.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import version

from judge import checkers
from judge.config import Settings
from judge.grading import Grader
from judge.problem import Problem, make_case
from judge.verdicts import Judgement, Provenance, TestResult, Verdict
from sandbox import Cancel, Job, RunOutcome, Sandbox, SandboxLimits, Setup, Status, TestOutcome

JUDGE_VERSION = version("pyjudge")
log = logging.getLogger("pyjudge.judge")

# Hears of each test's graded result as it ends: (its index in the problem, the result).
OnTest = Callable[[int, TestResult], None]
# JUDGE_MAX_SOURCE_KB's default, for a Judge made without settings.
DEFAULT_MAX_SOURCE_BYTES: int = Settings.model_fields["max_source_kb"].default << 10


def source_too_large(source: str, limit_bytes: int) -> str | None:
    """Why ``source`` is over the size limit ("is N bytes; the limit is L", for the
    caller to prefix with what it names it), or None. Sizes count UTF-8 bytes, lone
    surrogates (which JSON can carry) as three."""
    size = len(source.encode("utf-8", "surrogatepass"))
    if size > limit_bytes:
        return f"is {size} bytes; the limit is {limit_bytes}"
    return None


def limits_for(problem: Problem) -> SandboxLimits:
    """The sandbox's limits for a problem: its ``time_s``, ``memory_mb`` and
    ``output_kb``; everything else is the sandbox's default (sandbox/limits.py)."""
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

    def __init__(self, sandbox: Sandbox, max_source_bytes: int = DEFAULT_MAX_SOURCE_BYTES):
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
        too_large = source_too_large(source, self.max_source_bytes)
        if too_large is not None:
            outcome = RunOutcome(
                Setup.compile_error,
                [TestOutcome(Status.not_run) for _ in problem.tests],
                f"the source {too_large}",
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


def run_problem(problem: Problem, custom_args: list[dict] | None) -> Problem:
    """The problem as a run sees it: caller-given cases, else the samples."""
    if not custom_args:
        return problem.with_tests(problem.samples)
    cases = tuple(
        make_case(problem.meta, f"custom/{index}", "custom", args, file=f"args[{index}]")
        for index, args in enumerate(custom_args)
    )
    return problem.with_tests(cases)


def failed(problem_id: str, message: str) -> Judgement:
    """An internal_error judgement: the judge, not the submission, failed."""
    return Judgement(
        problem_id=problem_id,
        verdict=Verdict.internal_error,
        message=message,
        time_ms=0.0,
        wall_ms=0.0,
        tests=[],
        provenance=Provenance(
            runner_image="", problem_hash="", harness_version="", judge_version=""
        ),
    )
