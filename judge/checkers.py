"""Host-side comparison of a returned value with the expected one.

Values arrive here as plain JSON data parsed by the host, so no object from the
submission (and no ``__eq__`` it rigged) takes part. JSON has one number type:
``1`` and ``1.0`` are equal, but booleans are never numbers, and NaN equals
nothing unless a float checker says ``nan_equal``.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.errors import CheckerCrashed, ProblemError
from judge.metadata import CheckerKind, CheckerSpec
from judge.problem import Problem, TestCase


@dataclass(frozen=True)
class Check:
    ok: bool
    message: str | None = None


# Takes the test case and the returned value; built-in checkers never decode the arguments.
Checker = Callable[[TestCase, Any], Check]
NumberEqual = Callable[[float, float], bool]


def for_problem(problem: Problem) -> Checker:
    spec = problem.meta.checker
    if spec.kind is CheckerKind.custom:
        return _custom(problem.path / "checker.py", problem.content_hash)
    if spec.kind is CheckerKind.unordered:
        return lambda case, actual: Check(same_multiset(case.expected, actual))
    if spec.kind is CheckerKind.float:
        close = tolerance(spec)
        return lambda case, actual: Check(equal(case.expected, actual, close))
    return lambda case, actual: Check(equal(case.expected, actual))


def _exactly(expected: float, actual: float) -> bool:
    return expected == actual


def tolerance(spec: CheckerSpec) -> NumberEqual:
    """|actual - expected| <= max(rel_tol * max(|actual|, |expected|), abs_tol).

    An infinity equals only the same infinity; NaN equals NaN only with nan_equal.
    """

    def close(expected: float, actual: float) -> bool:
        try:
            expected, actual = float(expected), float(actual)
        except OverflowError:  # an int too large for a float can only match exactly
            return expected == actual
        if math.isnan(expected) or math.isnan(actual):
            return spec.nan_equal and math.isnan(expected) and math.isnan(actual)
        if math.isinf(expected) or math.isinf(actual):
            return expected == actual
        bound = max(spec.rel_tol * max(abs(actual), abs(expected)), spec.abs_tol)
        return abs(actual - expected) <= bound

    return close


def equal(expected: Any, actual: Any, numbers: NumberEqual = _exactly) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return numbers(expected, actual)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            equal(e, a, numbers) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            equal(expected[k], actual[k], numbers) for k in expected
        )
    if isinstance(expected, str | None) and isinstance(actual, str | None):
        return expected == actual
    return False


def same_multiset(expected: Any, actual: Any) -> bool:
    """Both are lists holding the same items, in any order."""
    if not isinstance(expected, list) or not isinstance(actual, list):
        return False
    if len(expected) != len(actual):
        return False
    return sorted(map(_canonical, expected)) == sorted(map(_canonical, actual))


def _canonical(value: Any) -> str:
    def normal(v: Any) -> Any:
        if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
            return int(v)
        if isinstance(v, list):
            return [normal(item) for item in v]
        if isinstance(v, dict):
            return {k: normal(item) for k, item in v.items()}
        return v

    return json.dumps(normal(value), sort_keys=True)


@functools.cache
def _custom(file: Path, content_hash: str) -> Checker:
    """Imported once per version of the problem, not once per submission."""
    loader = importlib.util.spec_from_file_location(f"pyjudge_checker_{file.parent.name}", file)
    if loader is None or loader.loader is None:
        raise ProblemError(file, None, "cannot be imported")
    module = importlib.util.module_from_spec(loader)
    try:
        loader.loader.exec_module(module)
    except Exception as exc:
        raise ProblemError(file, None, f"fails to import: {type(exc).__name__}: {exc}") from None
    check = getattr(module, "check", None)
    if not callable(check):
        raise ProblemError(file, "check", "must define check(args, expected, actual)")

    def run(case: TestCase, actual: Any) -> Check:
        try:
            answer = check(case.args, case.expected, actual)
        except Exception as exc:
            raise CheckerCrashed(f"{file.name} raised {type(exc).__name__}: {exc}") from exc
        if isinstance(answer, bool):
            return Check(answer)
        if (
            isinstance(answer, tuple)
            and len(answer) == 2
            and isinstance(answer[0], bool)
            and isinstance(answer[1], str | None)
        ):
            return Check(answer[0], answer[1])
        raise CheckerCrashed(f"{file.name} returned {answer!r}, not a bool or (bool, message)")

    return run
