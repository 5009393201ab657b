from __future__ import annotations

import math

import pytest

from judge.checkers import equal, same_multiset, tolerance
from judge.metadata import CheckerSpec


@pytest.mark.parametrize(
    ("expected", "actual", "same"),
    [
        (True, True, True),
        (True, 1, False),
        (1, True, False),
        (0, False, False),
        (1, 1.0, True),
        ([["a", "b"]], [["a", "b"]], True),
        ([["a", "b"]], [["b", "a"]], False),
        ([1, 2], [1, 2, 3], False),
        ({"a": 1}, {"a": 1, "b": 2}, False),
        (None, None, True),
        (None, 0, False),
        ("1", 1, False),
        (math.nan, math.nan, False),
        (10**30, 10**30 + 1, False),
    ],
)
def test_exact_comparison_treats_values_as_json(expected, actual, same):
    assert equal(expected, actual) is same


def test_unordered_compares_as_multisets():
    assert same_multiset([[1, "a"], [2, "b"]], [[2, "b"], [1, "a"]])
    assert same_multiset([1, 1, 2], [1, 2, 1.0])
    assert not same_multiset([1, 1, 2], [1, 2, 2])
    assert not same_multiset([1], "1")


def test_float_tolerance_follows_its_formula():
    close = tolerance(CheckerSpec(kind="float", rel_tol=1e-6, abs_tol=1e-9))
    assert equal([1.0, 1e6], [1.0000005, 1e6 + 0.9], close)
    assert not equal([1e6], [1e6 + 2], close)
    assert equal([0.0], [5e-10], close)
    assert not equal([0.0], [5e-9], close)
    assert equal([math.inf], [math.inf], close)
    assert not equal([math.inf], [1e308], close)
    assert not equal([math.nan], [math.nan], close)
    assert equal([math.nan], [math.nan], tolerance(CheckerSpec(kind="float", nan_equal=True)))
    assert not equal([True], [1.0], close)
    assert not equal([10**400], [1.0], close)
