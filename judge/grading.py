"""Raw sandbox outcomes -> verdicts.

Only host observations count here: the host's clock, the engine's OOM flag, the
bytes the host counted, and the values it parsed. What a submission wrote about
itself (its error text, its output) is shown for sample tests only, since for
secret tests it could carry the hidden inputs out.
"""

from __future__ import annotations

from judge.checkers import Checker, CheckerCrashed
from judge.problem import Problem, TestCase
from judge.verdicts import Judgement, Provenance, TestResult, TestVerdict, Verdict
from sandbox.job import RunOutcome, Setup, Status, TestOutcome

SETUP_VERDICTS = {
    Setup.compile_error: Verdict.compilation_error,
    Setup.import_error: Verdict.runtime_error,
    Setup.startup_timeout: Verdict.time_limit_exceeded,
    Setup.out_of_memory: Verdict.memory_limit_exceeded,
    Setup.output_exceeded: Verdict.output_limit_exceeded,
    Setup.crashed: Verdict.runtime_error,
}
STATUS_VERDICTS = {
    Status.timed_out: TestVerdict.time_limit_exceeded,
    Status.out_of_memory: TestVerdict.memory_limit_exceeded,
    Status.output_exceeded: TestVerdict.output_limit_exceeded,
    Status.crashed: TestVerdict.runtime_error,
    Status.not_run: TestVerdict.skipped,
}


def grade(
    problem: Problem, outcome: RunOutcome, checker: Checker, provenance: Provenance
) -> Judgement:
    tests = [
        _grade_test(case, raw, checker)
        for case, raw in zip(problem.tests, outcome.tests, strict=True)
    ]
    verdict, message = Verdict.accepted, outcome.message
    if outcome.setup is not Setup.ready:
        verdict = SETUP_VERDICTS[outcome.setup]
    else:
        failed = next((t for t in tests if t.verdict not in _PASSING), None)
        if failed is not None:
            verdict = Verdict(failed.verdict.value)
            message = f"{failed.id}: {failed.message}" if failed.message else failed.id
        elif outcome.memory_exceeded:
            # Every answer was right, but a process of the solution hit the memory limit.
            verdict = Verdict.memory_limit_exceeded
            message = "a process started by the solution exceeded the memory limit"
    return Judgement(
        problem_id=problem.id,
        verdict=verdict,
        message=message,
        time_ms=round(sum(t.time_ms or 0.0 for t in tests), 3),
        wall_ms=round(outcome.wall_ms, 1),
        tests=tests,
        provenance=provenance,
    )


_PASSING = {TestVerdict.accepted, TestVerdict.skipped, TestVerdict.ran}


def _grade_test(case: TestCase, raw: TestOutcome, checker: Checker) -> TestResult:
    public = case.group != "secret"
    verdict, message = _verdict(case, raw, checker, public)
    result = TestResult(
        id=case.id,
        group=case.group,
        verdict=verdict,
        time_ms=None if raw.time_ms is None else round(raw.time_ms, 3),
        message=message,
    )
    if public:
        result.input = case.args
        result.expected = case.expected
        result.output = raw.value
        result.stdout = raw.stdout
    return result


def _verdict(
    case: TestCase, raw: TestOutcome, checker: Checker, public: bool
) -> tuple[TestVerdict, str | None]:
    if raw.status is Status.returned:
        if case.group == "custom":
            return TestVerdict.ran, None
        try:
            check = checker(case, raw.value)
        except CheckerCrashed as exc:
            return TestVerdict.internal_error, str(exc)
        if check.ok:
            return TestVerdict.accepted, None
        return TestVerdict.wrong_answer, check.message if public else None
    if raw.status is Status.raised:
        verdict = (
            TestVerdict.memory_limit_exceeded
            if raw.error_type == "MemoryError"
            else TestVerdict.runtime_error
        )
        if public:
            return verdict, f"{raw.error_type}: {raw.error_message}"
        return verdict, f"raised {raw.error_type}"
    verdict = STATUS_VERDICTS[raw.status]
    # Host-written messages (limits, exit codes) are safe to show everywhere.
    return verdict, raw.error_message
