"""One exception root for the judge and the service; the sandbox keeps its own."""

from __future__ import annotations

import pytest

from api.db import DatabaseError
from api.errors import ApiError
from api.keys import KeyProblem
from api.runner_image import WorkerSetupError
from api.webhooks import CallbackRefused, WebhookSetupError
from judge.errors import CheckerCrashed, JudgeError, ProblemError, ScaffoldError, TypeSyntaxError
from judge.signature import parse
from sandbox import SandboxError


@pytest.mark.parametrize(
    "error",
    [
        ProblemError,
        CheckerCrashed,
        ScaffoldError,
        TypeSyntaxError,
        ApiError,
        WorkerSetupError,
        WebhookSetupError,
        DatabaseError,
        KeyProblem,
        CallbackRefused,
    ],
)
def test_every_judge_and_service_exception_is_a_judge_error(error):
    assert issubclass(error, JudgeError)


def test_the_sandbox_root_stays_apart_from_the_judge_root():
    assert not issubclass(SandboxError, JudgeError)


def test_a_bad_annotation_is_a_judge_error_and_still_a_value_error():
    with pytest.raises(TypeSyntaxError) as raised:
        parse("list[")
    assert isinstance(raised.value, ValueError)


def test_a_problem_error_names_the_file_and_the_field():
    error = ProblemError("p/problem.yaml", "limits.time_s", "must be positive")
    assert str(error) == "p/problem.yaml: limits.time_s: must be positive"
