"""Grading rules on hand-made outcomes: no sandbox here, only the mapping to verdicts."""

from __future__ import annotations

import pytest

from judge import checkers
from judge.grading import SHOWN_MESSAGE_BYTES, SHOWN_STDOUT_BYTES, grade
from judge.verdicts import Provenance, TestVerdict, Verdict
from sandbox.job import RunOutcome, Setup, Status, TestOutcome

PROVENANCE = Provenance(runner_image="i", problem_hash="h", harness_version="v", judge_version="j")


def _grade(problem, tests, setup=Setup.ready, message=None):
    outcome = RunOutcome(setup, tests, message)
    return grade(problem, outcome, checkers.for_problem(problem), PROVENANCE)


def ok(value, ms=1.0):
    return TestOutcome(Status.returned, time_ms=ms, value=value)


def test_all_right_is_accepted_with_summed_time(add_problem):
    result = _grade(add_problem, [ok(3, 1.5), ok(30), ok(0), ok(15)])
    assert result.verdict is Verdict.accepted
    assert result.time_ms == 4.5


def test_overall_verdict_is_the_first_failing_tests(add_problem):
    tests = [
        ok(3),
        ok(31),
        TestOutcome(Status.timed_out, time_ms=500),
        TestOutcome(Status.not_run),
    ]
    result = _grade(add_problem, tests)
    assert result.verdict is Verdict.wrong_answer
    assert [t.verdict for t in result.tests] == [
        TestVerdict.accepted,
        TestVerdict.wrong_answer,
        TestVerdict.time_limit_exceeded,
        TestVerdict.skipped,
    ]
    assert result.message == "secret/00"


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (Status.timed_out, Verdict.time_limit_exceeded),
        (Status.out_of_memory, Verdict.memory_limit_exceeded),
        (Status.output_exceeded, Verdict.output_limit_exceeded),
        (Status.crashed, Verdict.runtime_error),
    ],
)
def test_host_observations_map_to_verdicts(add_problem, status, verdict):
    tests = [ok(3), TestOutcome(status), TestOutcome(Status.not_run), TestOutcome(Status.not_run)]
    assert _grade(add_problem, tests).verdict is verdict


@pytest.mark.parametrize(
    ("setup", "verdict"),
    [
        (Setup.compile_error, Verdict.compilation_error),
        (Setup.import_error, Verdict.runtime_error),
        (Setup.startup_timeout, Verdict.time_limit_exceeded),
        (Setup.out_of_memory, Verdict.memory_limit_exceeded),
        (Setup.output_exceeded, Verdict.output_limit_exceeded),
        (Setup.crashed, Verdict.runtime_error),
    ],
)
def test_failures_before_the_first_test_decide_the_verdict(add_problem, setup, verdict):
    tests = [TestOutcome(Status.not_run)] * 4
    result = _grade(add_problem, tests, setup, "why")
    assert result.verdict is verdict
    assert result.message == "why"


def test_memory_error_raised_in_python_is_memory_limit_exceeded(add_problem):
    raised = TestOutcome(Status.raised, time_ms=2, error_type="MemoryError", error_message="")
    assert _grade(add_problem, [raised, *[TestOutcome(Status.not_run)] * 3]).verdict is (
        Verdict.memory_limit_exceeded
    )


def test_secret_tests_reveal_nothing_the_submission_controls(add_problem):
    tests = [
        TestOutcome(Status.returned, 1, 3, stdout="sample out"),
        TestOutcome(Status.raised, 1, None, "secret out", "ValueError", "input was 10, 20"),
        ok(99),
        ok(15),
    ]
    result = _grade(add_problem, tests)
    sample, secret_raise, secret_wrong = result.tests[:3]
    assert sample.input == {"a": 1, "b": 2} and sample.expected == 3 and sample.output == 3
    assert sample.stdout == "sample out"
    assert secret_raise.message == "raised ValueError"
    for test in (secret_raise, secret_wrong):
        assert test.input is None and test.expected is None and test.output is None
        assert test.stdout is None
    dumped = result.model_dump_json()
    assert "input was" not in dumped and "secret out" not in dumped and "99" not in dumped


def test_what_a_public_test_shows_of_the_submission_is_capped(add_problem):
    printed = "p" * (SHOWN_STDOUT_BYTES + 100)
    sample = TestOutcome(Status.returned, 1, "x" * 20_000, stdout=printed)
    result = _grade(add_problem, [sample, ok(30), ok(0), ok(15)])
    shown = result.tests[0]
    assert shown.stdout == "p" * SHOWN_STDOUT_BYTES + "… [truncated 100 bytes]"
    assert shown.output == "<output of 20002 bytes not shown>"
    crashed = RunOutcome(
        Setup.import_error, [TestOutcome(Status.not_run)] * 4, "E: " + "m" * 20_000
    )
    message = grade(add_problem, crashed, checkers.for_problem(add_problem), PROVENANCE).message
    assert message == "E: " + "m" * (SHOWN_MESSAGE_BYTES - 3) + "… [truncated 11811 bytes]"


def test_oom_kill_of_a_helper_process_makes_correct_answers_mle(add_problem):
    tests = [ok(3), ok(30), ok(0), ok(15)]
    outcome = RunOutcome(Setup.ready, tests, memory_exceeded=True)
    result = grade(add_problem, outcome, checkers.for_problem(add_problem), PROVENANCE)
    assert result.verdict is Verdict.memory_limit_exceeded
    wrong = RunOutcome(Setup.ready, [ok(3), ok(31), ok(0), ok(15)], memory_exceeded=True)
    assert grade(add_problem, wrong, checkers.for_problem(add_problem), PROVENANCE).verdict is (
        Verdict.wrong_answer
    )
