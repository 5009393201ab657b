"""Every shipped size ladder: the reference gets its stated class, and each listed slow
submission a class that contains its own and is strictly above the reference's.

One estimate is noisy (the CPU time of a call varies by 10-50 % between repeats on
these machines), so each is given up to three tries and passes at the first that
holds; `python -m bench.complexity --runs 5` measures how often one try holds (the
table in docs/complexity.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge import complexity
from judge.growth import Estimate, Growth
from judge.library import load_all
from judge.problem import Problem

REPO = Path(__file__).resolve().parents[2]
TRIES = 3
LADDERS = [p for p in load_all(REPO / "problems")[0] if p.meta.complexity is not None]

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_at_least_eight_problems_have_a_ladder_and_a_slow_submission():
    assert len(LADDERS) >= 8
    for problem in LADDERS:
        assert problem.meta.complexity is not None and problem.meta.complexity.submissions


def first_that_holds(judge, problem: Problem, source: str, holds) -> list[Estimate]:
    tried = []
    for _ in range(TRIES):
        tried.append(complexity.measure(judge.sandbox, problem, source).estimate)
        if holds(tried[-1]):
            break
    return tried


@pytest.mark.parametrize("problem", LADDERS, ids=lambda p: p.id)
def test_reference_and_slow_submissions_get_their_classes(judge, problem: Problem):
    spec = problem.meta.complexity
    assert spec is not None
    reference = first_that_holds(
        judge, problem, problem.reference.read_text(), lambda e: e.matches(spec.expected)
    )
    assert reference[-1].matches(spec.expected), [e.text() for e in reference]
    for name, growth in spec.submissions.items():
        source = (problem.path / "submissions" / name).read_text()

        def worse(found: Estimate, growth: Growth = growth) -> bool:
            above = found.low is not None and found.low.rank > spec.expected.rank
            return found.matches(growth) and above

        slow = first_that_holds(judge, problem, source, worse)
        assert worse(slow[-1]), (name, [e.text() for e in slow])
