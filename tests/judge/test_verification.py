"""`judge check` holds on any CPU: generated cases, rules.yaml, and the margins it prints."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from judge import verification
from judge.judging import Judge
from judge.problem import Problem, load_problem
from judge.verdicts import Judgement, Provenance, TestResult, TestVerdict, Verdict
from judge.verification import (
    MISSING_RULES,
    check_problem,
    floor_ratio,
    generator_reproduces,
    rules_findings,
)

TRIPLE_YAML = """\
title: Triple
difficulty: easy
function:
  name: triple
  params: [{{name: x, type: float}}]
  returns: float
limits: {{time_s: 1.0}}
checker: {{kind: {kind}}}
"""
TRIPLE_GENERATOR = """\
from judge.generation import main

def triple(x):
    return x * 3

def secret(rng):
    return {"01_tenth": {"x": 0.1}, "02_third": {"x": 1 / 3}}

if __name__ == "__main__":
    main(triple, secret)
"""


def triple_problem(make_problem, kind: str = "float") -> Path:
    """A folder whose tests/secret is exactly what its generator.py writes."""
    folder = make_problem(
        name="triple",
        yaml_text=TRIPLE_YAML.format(kind=kind),
        cases={"secret": []},
        solution="def triple(x):\n    return x * 3\n",
    )
    (folder / "generator.py").write_text(TRIPLE_GENERATOR)
    subprocess.run([sys.executable, "generator.py", "tests/secret"], cwd=folder, check=True)
    return folder


def edit_case(folder: Path, name: str, change) -> None:
    file = folder / "tests" / "secret" / f"{name}.json"
    case = json.loads(file.read_text())
    change(case)
    file.write_text(json.dumps(case))


def nudge_answer(case: dict) -> None:
    case["expected"] += 1e-15


@pytest.mark.parametrize("kind", ["float", "exact"])
def test_generator_folder_reproduces_itself(make_problem, kind):
    ok, detail = generator_reproduces(load_problem(triple_problem(make_problem, kind)))
    assert ok, detail
    assert detail == (
        f"generator.py reproduces its 2 cases (inputs exactly, answers under the {kind} checker)"
    )


def test_answer_1e_15_off_passes_under_the_float_checker(make_problem):
    folder = triple_problem(make_problem, "float")
    edit_case(folder, "01_tenth", nudge_answer)
    ok, detail = generator_reproduces(load_problem(folder))
    assert ok, detail


def test_answer_1e_15_off_fails_under_the_exact_checker_naming_case_and_values(make_problem):
    folder = triple_problem(make_problem, "exact")
    edit_case(folder, "01_tenth", nudge_answer)
    ok, detail = generator_reproduces(load_problem(folder))
    assert not ok
    assert detail.startswith("secret/01_tenth: answer differs under the exact checker at expected:")
    assert "generated 0.30000000000000004" in detail
    assert "02_third" not in detail


def test_answer_beyond_float_tolerance_fails_naming_the_path(make_problem):
    folder = triple_problem(make_problem, "float")
    edit_case(folder, "02_third", lambda case: case.update(expected=1.001))
    ok, detail = generator_reproduces(load_problem(folder))
    assert not ok
    assert "secret/02_third: answer differs under the float checker at expected" in detail


def test_changed_input_fails_even_if_within_tolerance(make_problem):
    folder = triple_problem(make_problem, "float")
    edit_case(folder, "02_third", lambda case: case["args"].update(x=case["args"]["x"] + 1e-15))
    ok, detail = generator_reproduces(load_problem(folder))
    assert not ok
    assert detail.startswith("secret/02_third: input differs at args.x: committed 0.33")


def test_an_int_committed_for_a_generated_float_is_a_changed_input(make_problem):
    folder = triple_problem(make_problem, "float")
    edit_case(folder, "01_tenth", lambda case: case.update(args={"x": 1}, expected=3.0))
    (folder / "generator.py").write_text(TRIPLE_GENERATOR.replace('"x": 0.1', '"x": 1.0'))
    ok, detail = generator_reproduces(load_problem(folder))
    assert not ok
    assert "secret/01_tenth: input differs at args.x: committed 1, generated 1.0" in detail


def test_extra_committed_secret_file_fails_naming_it(make_problem):
    folder = triple_problem(make_problem)
    (folder / "tests" / "secret" / "99_by_hand.json").write_text(
        json.dumps({"args": {"x": 2.0}, "expected": 6.0})
    )
    ok, detail = generator_reproduces(load_problem(folder))
    assert not ok
    assert "tests/secret/99_by_hand.json is committed but generator.py does not write it" in detail


def test_generated_case_missing_from_the_folder_fails_naming_it(make_problem):
    folder = triple_problem(make_problem)
    (folder / "tests" / "secret" / "02_third.json").unlink()
    ok, detail = generator_reproduces(load_problem(folder))
    assert not ok
    assert detail == "generator.py writes 02_third.json, missing from tests/secret/"


# margins


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [
        (2.96, "2.9"),
        (2.999999, "2.9"),
        (math.nextafter(3.0, 0.0), "2.9"),
        (math.nextafter(2.0, 0.0), "1.9"),
        (3.0, "3.0"),
        (3.04, "3.0"),
        (0.3, "0.3"),
        (1234.56, "1234.5"),
        (math.inf, "inf"),
    ],
)
def test_ratio_is_printed_rounded_down(ratio, shown):
    assert floor_ratio(ratio) == shown


@pytest.mark.parametrize("ratio", [1.95, 1.999, 2.049, 2.96, 2.9999, 3.0001, 7.77, 12.3456])
def test_a_printed_margin_never_exceeds_the_real_one(ratio):
    assert float(floor_ratio(ratio)) <= ratio < float(floor_ratio(ratio)) + 0.1 + 1e-12


def test_a_margin_just_short_of_3x_fails_and_does_not_read_as_3x(add_problem):
    # time_s 0.5: a 168.9 ms slowest test leaves 2.96x
    ok, detail = verification._reference_is_accepted(add_problem, judged(add_problem, times=168.9))
    assert not ok
    assert "(2.9x, at least 3x required)" in detail


# rules.yaml


def judged(problem: Problem, rejected: frozenset[str] = frozenset(), times: float = 1.0):
    """A judgement as Judge.judge makes one: the listed tests wrong, the rest accepted."""
    return Judgement(
        problem_id=problem.id,
        verdict=Verdict.wrong_answer if rejected else Verdict.accepted,
        time_ms=times * len(problem.tests),
        max_time_ms=times,
        wall_ms=100.0,
        tests=[
            TestResult(
                id=t.id,
                group=t.group,
                verdict=TestVerdict.wrong_answer if t.id in rejected else TestVerdict.accepted,
                time_ms=times,
            )
            for t in problem.tests
        ],
        provenance=Provenance(
            runner_image="sha256:x", problem_hash="x", harness_version="x", judge_version="x"
        ),
    )


def with_rules(folder: Path, rules_yaml: str, wrong: tuple[str, ...] = ("drops_b.py",)) -> Problem:
    (folder / "rules.yaml").write_text(textwrap.dedent(rules_yaml))
    for name in wrong:
        (folder / "submissions" / "wrong_answer").mkdir(parents=True, exist_ok=True)
        (folder / "submissions" / "wrong_answer" / name).write_text(
            "def add(a, b):\n    return a\n"
        )
    return load_problem(folder)


RULE = """\
- rule: The second number counts.
  tests: [{tests}]
  wrong: drops_b.py
"""


def test_rules_pinned_and_rejected_pass_with_one_summary(make_problem):
    problem = with_rules(make_problem(), RULE.format(tests="sample/00, secret/00"))
    judgements = {"submissions/wrong_answer/drops_b.py": judged(problem, {"secret/00"})}
    findings = rules_findings(problem, judgements)
    assert [(f.name, f.ok) for f in findings] == [("rules", True)]
    assert findings[0].detail == (
        "1 rule, each pinned by a secret test and rejected by its wrong submission"
    )


def test_a_rule_whose_wrong_submission_passes_its_tests_fails(make_problem):
    problem = with_rules(make_problem(), RULE.format(tests="secret/00"))
    judgements = {"submissions/wrong_answer/drops_b.py": judged(problem, {"secret/01"})}
    [finding] = rules_findings(problem, judgements)
    assert (finding.name, finding.ok) == ("rule 1", False)
    assert "drops_b.py passes secret/00" in finding.detail


def test_a_skipped_test_does_not_count_as_rejecting(make_problem):
    problem = with_rules(make_problem(), RULE.format(tests="secret/02"))
    judgement = judged(problem, {"secret/01"})
    judgement.tests[-1].verdict = TestVerdict.skipped
    [finding] = rules_findings(problem, {"submissions/wrong_answer/drops_b.py": judgement})
    assert not finding.ok


def test_a_missing_test_id_fails_naming_it(make_problem):
    problem = with_rules(make_problem(), RULE.format(tests="secret/00, secret/07_nowhere"))
    judgements = {"submissions/wrong_answer/drops_b.py": judged(problem, {"secret/00"})}
    [finding] = rules_findings(problem, judgements)
    assert not finding.ok
    assert finding.detail == '"The second number counts.": no such tests: secret/07_nowhere'


def test_a_rule_pinned_only_by_samples_fails(make_problem):
    problem = with_rules(make_problem(), RULE.format(tests="sample/00"))
    judgements = {"submissions/wrong_answer/drops_b.py": judged(problem, {"sample/00"})}
    [finding] = rules_findings(problem, judgements)
    assert not finding.ok
    assert "sample tests only" in finding.detail


def test_a_missing_wrong_submission_fails_naming_it(make_problem):
    problem = with_rules(make_problem(), RULE.format(tests="secret/00"), wrong=())
    [finding] = rules_findings(problem, {})
    assert not finding.ok
    assert "submissions/wrong_answer/drops_b.py does not exist" in finding.detail


def test_an_unknown_key_fails_naming_file_and_field(make_problem):
    problem = with_rules(make_problem(), RULE.format(tests="secret/00") + "  wrongs: x.py\n")
    [finding] = rules_findings(problem, {})
    assert (finding.name, finding.ok) == ("rules", False)
    assert "rules.yaml: 0.wrongs: Extra inputs are not permitted" in finding.detail


def test_a_wrong_that_is_a_path_fails_naming_the_field(make_problem):
    problem = with_rules(make_problem(), RULE.format(tests="secret/00").replace("drops_b", "../x"))
    [finding] = rules_findings(problem, {})
    assert "rules.yaml: 0.wrong:" in finding.detail


def test_an_empty_rules_file_fails(make_problem):
    problem = with_rules(make_problem(), "[]\n")
    [finding] = rules_findings(problem, {})
    assert not finding.ok
    assert finding.detail.endswith("rules.yaml: lists no rules")


def test_a_folder_without_rules_fails_while_rules_are_required(add_problem, monkeypatch):
    [finding] = rules_findings(add_problem, {})
    assert (finding.ok, finding.detail) == (not verification.RULES_REQUIRED, MISSING_RULES)
    monkeypatch.setattr(verification, "RULES_REQUIRED", False)
    [finding] = rules_findings(add_problem, {})
    assert finding.ok


class CountingJudge(Judge):
    def __init__(self, judge: Judge):
        super().__init__(judge.sandbox, judge.max_source_bytes)
        self.calls = 0

    def judge(self, problem: Problem, source: str) -> Judgement:
        self.calls += 1
        return super().judge(problem, source)


def test_check_judges_each_submission_once_and_names_the_unpinned_rule(judge, make_problem):
    folder = make_problem()
    with_rules(
        folder,
        """\
        - rule: A negative first number counts.
          tests: [secret/01]
          wrong: drops_sign.py
        - rule: Large sums are exact.
          tests: [secret/00]
          wrong: drops_sign.py
        """,
        wrong=(),
    )
    wrong = folder / "submissions" / "wrong_answer"
    wrong.mkdir(parents=True)
    (wrong / "drops_sign.py").write_text("def add(a, b):\n    return abs(a) + b\n")
    counting = CountingJudge(judge)
    report = check_problem(folder, counting)
    assert counting.calls == 2  # the reference and drops_sign.py, nothing twice
    findings = {f.name: f for f in report.findings}
    assert findings["submissions/wrong_answer/drops_sign.py"].ok
    assert "rules" not in findings and "rule 1" not in findings
    assert not findings["rule 2"].ok
    assert "drops_sign.py passes secret/00" in findings["rule 2"].detail
    assert not report.ok
