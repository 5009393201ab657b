"""Raw sandbox outcomes -> verdicts, and what of them a solver may see.

Only host observations count here: the CPU time and memory read from the
container's cgroup, the engine's OOM flag, the bytes the host counted, and the
values it parsed. What a submission wrote about itself (its error text, its
output) is shown for sample tests only, since for secret tests it could carry the
hidden inputs out.

Which tests are secret is decided once (``judge.verdicts.reveals_nothing``, asked
through ``TestCase.is_secret`` and ``TestResult.is_secret``); what such a test shows
is made in one place, ``secret_view``: a secret test shows its
verdict, a message from a fixed table (``raised <Name>`` only when Name is one of
Python's built-in exception types, which a submission cannot invent), and one bit
of time: whether the call used at most half the limit. Nothing else that came from
the container reaches the result, so a submission that encodes a secret input in
its output, its error text, its exception's type name, its record's fields, its
exit code, or its fine-grained time learns little per secret test: one bit of time,
the verdict, and for an exception one of about 70 built-in names (~6 bits).
"""

from __future__ import annotations

import builtins
import re

from judge.budget import OutputBudget
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
    return Grader(problem, checker).run(outcome, provenance)


class Grader:
    """Grades one run: each test as it ends (for live progress), then the run. A test
    is graded once, so what progress showed is what the result holds, and one output
    budget covers the whole run."""

    def __init__(self, problem: Problem, checker: Checker, source: str = ""):
        self.problem = problem
        self.checker = checker
        self.source_lines = source.splitlines()  # quoted in a sample test's traceback
        self.limit_ms = problem.meta.limits.time_s * 1000
        self.budget = OutputBudget(SHOWN_TOTAL_BYTES)
        self._graded: dict[int, TestResult] = {}

    def test(self, index: int, raw: TestOutcome) -> TestResult:
        if index not in self._graded:
            case = self.problem.tests[index]
            result = _grade_test(case, raw, self.checker, self.limit_ms, self.budget)
            if not case.is_secret and raw.error_lines:
                trace = traceback_text(raw.error_lines, self.source_lines)
                result.traceback = self.budget.text(trace, SHOWN_MESSAGE_BYTES)
            self._graded[index] = result
        return self._graded[index]

    def run(self, outcome: RunOutcome, provenance: Provenance) -> Judgement:
        # A start-up message may quote the submission (its exception's text): capped too.
        message = self.budget.text(outcome.message, SHOWN_MESSAGE_BYTES)
        if len(outcome.tests) != len(self.problem.tests):
            raise ValueError("the outcome's tests do not match the problem's")
        tests = [self.test(index, raw) for index, raw in enumerate(outcome.tests)]
        verdict = Verdict.accepted
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
            problem_id=self.problem.id,
            verdict=verdict,
            message=message,
            time_ms=round(sum(raw.time_ms or 0.0 for raw in outcome.tests), 3),
            max_time_ms=round(max((raw.time_ms or 0.0 for raw in outcome.tests), default=0.0), 3),
            memory_kb=outcome.memory_kb,
            wall_ms=round(outcome.wall_ms, 1),
            tests=tests,
            provenance=provenance,
        )


_PASSING = {TestVerdict.accepted, TestVerdict.skipped, TestVerdict.ran}

# Python's own exception types: the names a secret test may show. A submission can
# make a class of any name, so a name outside this set would carry what it likes.
BUILTIN_ERRORS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)
SECRET_TEXT = {
    Status.raised: "raised an exception",
    Status.timed_out: "exceeded the time limit",
    Status.out_of_memory: "exceeded the memory limit",
    Status.output_exceeded: "exceeded the output limit",
    Status.crashed: "the process exited or broke the protocol",
}
# Every message a secret test can carry.
SECRET_MESSAGE = re.compile(
    "|".join(re.escape(text) for text in SECRET_TEXT.values())
    + "|raised ("
    + "|".join(sorted(BUILTIN_ERRORS))
    + ")"
)
# What a public test shows of a submission's output, and of all its public tests together;
# past these, text is cut with a marker and a value is replaced by a note of its size.
SHOWN_STDOUT_BYTES = 8 << 10
SHOWN_MESSAGE_BYTES = 8 << 10
SHOWN_OUTPUT_BYTES = 16 << 10
SHOWN_TOTAL_BYTES = 128 << 10


def _grade_test(
    case: TestCase, raw: TestOutcome, checker: Checker, limit_ms: float, budget: OutputBudget
) -> TestResult:
    verdict, message = _verdict(case, raw, checker)
    if case.is_secret:
        return secret_view(case.id, verdict, raw, limit_ms)
    return TestResult(
        id=case.id,
        group=case.group,
        verdict=verdict,
        time_ms=_ms(raw.time_ms),
        wall_ms=_ms(raw.wall_ms),
        memory_kb=raw.memory_kb,
        message=budget.text(message, SHOWN_MESSAGE_BYTES),
        input=case.args,
        expected=case.expected,
        output=budget.value(raw.value, SHOWN_OUTPUT_BYTES, "shown"),
        stdout=budget.text(raw.stdout, SHOWN_STDOUT_BYTES),
    )


def traceback_text(frames: tuple[tuple[int, str], ...], source_lines: list[str]) -> str:
    """A traceback of the submission's own frames (the harness's are never reported),
    each with its line of source, innermost last, as Python prints one."""
    text = ["Traceback (most recent call last; your code only):"]
    for line, function in frames:
        text.append(f"  line {line}, in {function}")
        if 0 < line <= len(source_lines) and source_lines[line - 1].strip():
            text.append(f"    {source_lines[line - 1].strip()}")
    return "\n".join(text)


def secret_view(
    case_id: str, verdict: TestVerdict, raw: TestOutcome, limit_ms: float
) -> TestResult:
    """All a solver sees of a secret test (see the module's docstring)."""
    message = SECRET_TEXT.get(raw.status)
    if raw.status is Status.raised and raw.error_type in BUILTIN_ERRORS:
        message = f"raised {raw.error_type}"
    band = None
    if raw.time_ms is not None and verdict is not TestVerdict.time_limit_exceeded:
        band = "low" if raw.time_ms <= limit_ms / 2 else "high"
    return TestResult(id=case_id, group="secret", verdict=verdict, message=message, time_band=band)


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _verdict(case: TestCase, raw: TestOutcome, checker: Checker) -> tuple[TestVerdict, str | None]:
    if raw.status is Status.returned:
        if raw.replaced_text:
            return TestVerdict.wrong_answer, "returned text with unpaired surrogates"
        if case.group == "custom":
            return TestVerdict.ran, None
        try:
            check = checker(case, raw.value)
        except CheckerCrashed as exc:
            return TestVerdict.internal_error, str(exc)
        if check.ok:
            return TestVerdict.accepted, None
        return TestVerdict.wrong_answer, check.message
    if raw.status is Status.raised:
        verdict = (
            TestVerdict.memory_limit_exceeded
            if raw.error_type == "MemoryError"
            else TestVerdict.runtime_error
        )
        return verdict, f"{raw.error_type}: {raw.error_message}"
    # Host-written messages (limits, exit codes): still, secret tests show only secret_view's.
    return STATUS_VERDICTS[raw.status], raw.error_message
