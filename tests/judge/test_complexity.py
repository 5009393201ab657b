"""The complexity estimate's runner: ladder inputs from the generator, the climb, the
rounds and the budget (the fit itself: test_growth.py; every shipped ladder:
test_complexity_ladders.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from judge import complexity
from judge.growth import Growth
from judge.problem import ProblemError, load_problem

REPO = Path(__file__).resolve().parents[2]
QUADRATIC = (REPO / "problems/can_shift/submissions/accepted/rotation_loop.py").read_text()


@pytest.fixture
def can_shift_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "can_shift"
    shutil.copytree(REPO / "problems" / "can_shift", folder)
    return folder


def test_ladder_inputs_come_from_the_generator_one_per_size() -> None:
    problem = load_problem(REPO / "problems" / "can_shift")
    ladder = complexity.ladder_of(problem)
    assert problem.meta.complexity is not None
    assert [n for n, _ in ladder.cases] == problem.meta.complexity.sizes
    for n, case in ladder.cases:
        assert len(case.args["a"]) == n == len(case.args["b"])
        assert case.group == "custom"  # never a secret test
    assert complexity.ladder_of(problem) is ladder  # made once per version


def test_ladder_inputs_are_the_same_every_time(can_shift_copy: Path) -> None:
    first = complexity.ladder_of(load_problem(REPO / "problems" / "can_shift"))
    # Another folder with the same content: made afresh, equal byte for byte.
    again = complexity.ladder_of(load_problem(can_shift_copy))
    assert again is not first
    assert [c.encoded_args for _, c in again.cases] == [c.encoded_args for _, c in first.cases]


def test_a_generator_without_ladder_is_an_error_naming_it(can_shift_copy: Path) -> None:
    generator = can_shift_copy / "generator.py"
    generator.write_text(generator.read_text().replace("def ladder(", "def not_the_ladder("))
    with pytest.raises(ProblemError) as caught:
        complexity.ladder_of(load_problem(can_shift_copy))
    assert caught.value.file == str(generator)
    assert caught.value.field == "ladder"
    assert "ladder" in caught.value.message


def test_ladder_arguments_are_checked_against_the_signature(can_shift_copy: Path) -> None:
    generator = can_shift_copy / "generator.py"
    generator.write_text(
        generator.read_text() + "\n\ndef ladder(n, rng):\n    return {'a': n, 'b': 'x'}\n"
    )
    with pytest.raises(ProblemError) as caught:
        complexity.ladder_of(load_problem(can_shift_copy))
    assert caught.value.field == "args.a"
    assert "ladder(" in caught.value.file


def test_a_problem_yaml_ladder_is_validated(can_shift_copy: Path) -> None:
    spec = can_shift_copy / "problem.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("param: a", "param: nope"))
    with pytest.raises(ProblemError, match=r"complexity\.param must be one of"):
        load_problem(can_shift_copy)
    spec.write_text(text.replace('expected: "n"', 'expected: "n^4"'))
    with pytest.raises(ProblemError, match="unknown growth"):
        load_problem(can_shift_copy)


@pytest.mark.docker
def test_a_quadratic_submission_is_measured_quadratic(judge) -> None:
    problem = load_problem(REPO / "problems" / "can_shift")
    measured = complexity.measure(judge.sandbox, problem, QUADRATIC)
    assert measured.estimate.matches(Growth.quadratic), measured.estimate.text()
    # The ladder reaches sizes only a linear solution can: this one stops climbing there.
    assert measured.stopped is not None and "took over 1 s of CPU time" in measured.stopped
    assert all(len(rung.times_ms) == complexity.ROUNDS for rung in measured.estimate.rungs)
    found = complexity.report(problem, measured)
    assert found["svg"].startswith("<svg") and found["param"] == "a"


@pytest.mark.docker
def test_a_call_over_the_cap_ends_the_climb_and_says_so(judge) -> None:
    problem = load_problem(REPO / "problems" / "can_shift")
    assert problem.meta.complexity is not None
    third = problem.meta.complexity.sizes[2]
    spinning = (
        "def can_shift(a, b):\n"
        f"    while len(a) >= {third}:\n"
        "        pass\n"
        "    return len(a) == len(b) and b in a + a\n"
    )
    measured = complexity.measure(judge.sandbox, problem, spinning)
    assert measured.stopped == f"size {third} took over 1 s of CPU time"
    assert [rung.n for rung in measured.estimate.rungs] == problem.meta.complexity.sizes[:2]
    assert measured.estimate.inconclusive is not None  # two sizes are not a fit
    # Later rounds skip the size that spun: only the quick sizes were timed again.
    assert measured.cpu_s < 1.0


@pytest.mark.docker
def test_the_budget_stops_further_rounds(judge, monkeypatch) -> None:
    problem = load_problem(REPO / "problems" / "can_shift")
    monkeypatch.setattr(complexity, "BUDGET_S", 0.1)
    measured = complexity.measure(judge.sandbox, problem, QUADRATIC)
    assert all(len(rung.times_ms) == 1 for rung in measured.estimate.rungs)


def test_judge_check_wants_each_named_submission_shipped_as_accepted(
    can_shift_copy: Path,
) -> None:
    from judge.verification import _ladder_is_sound

    assert _ladder_is_sound(load_problem(can_shift_copy)) == (True, "9 sizes, 5000 to 1280000")
    spec = can_shift_copy / "problem.yaml"
    spec.write_text(spec.read_text().replace("accepted/rotation_loop.py", "accepted/nope.py"))
    ok, detail = _ladder_is_sound(load_problem(can_shift_copy))
    assert not ok and detail.endswith("names no accepted submission: accepted/nope.py")
