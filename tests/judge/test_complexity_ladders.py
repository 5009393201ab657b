"""Every shipped size ladder: the reference gets its stated class, and each listed slow
submission a class that contains its own and is strictly above the reference's.

One estimate is noisy (the CPU time of a call varies by 10-50 % between repeats on
these machines), so each is given up to three tries and passes at the first that
holds; `python -m bench.complexity --runs 5` measures how often one try holds (the
table in docs/complexity.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from judge import complexity
from judge.growth import Estimate, Growth
from judge.library import folders
from judge.problem import Problem, load_problem

REPO = Path(__file__).resolve().parents[2]
TRIES = 3
# Named from problem.yaml alone: loading the library's tests here would slow every
# collection, the fast tier's included, by seconds.
LADDERS = [
    folder.name
    for folder in folders(REPO / "problems")
    if "complexity" in yaml.safe_load((folder / "problem.yaml").read_text())
]

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_at_least_eight_problems_have_a_ladder_and_a_slow_submission():
    assert len(LADDERS) >= 8
    for name in LADDERS:
        problem = load_problem(REPO / "problems" / name)
        assert problem.meta.complexity is not None and problem.meta.complexity.submissions


def first_that_holds(judge, problem: Problem, source: str, holds) -> list[Estimate]:
    tried = []
    for _ in range(TRIES):
        tried.append(complexity.measure(judge.sandbox, problem, source).estimate)
        if holds(tried[-1]):
            break
    return tried


@pytest.mark.parametrize("name", LADDERS)
def test_reference_and_slow_submissions_get_their_classes(judge, name: str):
    problem = load_problem(REPO / "problems" / name)
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
