"""What judge/judging.py decides without a sandbox: the source-size rule, the problem
a run is judged against, and the internal_error a failed judging ends as."""

from __future__ import annotations

from judge.judging import (
    DEFAULT_MAX_SOURCE_BYTES,
    failed,
    limits_for,
    run_problem,
    source_too_large,
)
from judge.verdicts import TestResult, TestVerdict, Verdict
from sandbox import SandboxLimits


def test_a_source_over_the_limit_says_its_size_and_the_limit():
    assert source_too_large("x" * 10, 10) is None
    assert source_too_large("x" * 11, 10) == "is 11 bytes; the limit is 10"


def test_source_size_counts_utf8_bytes_and_lone_surrogates():
    assert source_too_large("é" * 5, 10) is None
    assert source_too_large("é" * 6, 10) == "is 12 bytes; the limit is 10"
    assert source_too_large("\ud800" * 4, 10) == "is 12 bytes; the limit is 10"


def test_the_default_source_limit_is_the_settings_default():
    assert DEFAULT_MAX_SOURCE_BYTES == 64 << 10


def test_a_run_without_arguments_is_judged_on_the_samples(add_problem):
    run = run_problem(add_problem, None)
    assert [case.id for case in run.tests] == [case.id for case in add_problem.samples]


def test_a_run_with_arguments_is_judged_on_custom_cases(add_problem):
    run = run_problem(add_problem, [{"a": 1, "b": 2}, {"a": 3, "b": 4}])
    assert [(case.id, case.group) for case in run.tests] == [
        ("custom/0", "custom"),
        ("custom/1", "custom"),
    ]
    assert run.tests[1].args == {"a": 3, "b": 4}


def test_a_failed_judging_is_an_internal_error_with_the_message():
    judgement = failed("add", "the judge failed: boom")
    assert judgement.verdict is Verdict.internal_error
    assert judgement.message == "the judge failed: boom"
    assert judgement.tests == []


def test_only_secret_tests_and_cases_reveal_nothing(add_problem):
    assert [case.is_secret for case in add_problem.tests] == [False, True, True, True]
    for group, secret in (("sample", False), ("secret", True), ("custom", False)):
        result = TestResult(id=f"{group}/0", group=group, verdict=TestVerdict.accepted)
        assert result.is_secret is secret


def test_a_problems_limits_map_onto_the_sandbox_limits(add_problem):
    limits = limits_for(add_problem)
    assert (limits.time_per_test_s, limits.memory_mb, limits.output_kb) == (0.5, 64, 8)
    assert limits.startup_s == SandboxLimits().startup_s
