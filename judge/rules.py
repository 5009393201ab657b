"""rules.yaml: every rule a problem's statement states, the tests that pin it, and a
wrong submission that ignores it (see docs/problem-format.md).

``judge check`` proves each entry, so a rule no hidden test exercises cannot pass
unnoticed: a solver who ignores it would be accepted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel

from judge.problem import Problem, ProblemError, read_text, validate
from judge.verdicts import Judgement, TestVerdict

# Test verdicts that reject an answer; skipped and ran prove nothing about a rule.
REJECTING = frozenset(TestVerdict) - {TestVerdict.accepted, TestVerdict.skipped, TestVerdict.ran}


class Rule(BaseModel):
    """One rule of the statement, the tests that pin it, and a wrong submission that
    breaks it: proof that the tests would catch a solver who ignores the rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: Annotated[str, Field(min_length=1)]
    tests: Annotated[list[str], Field(min_length=1)]
    wrong: Annotated[str, Field(pattern=r"^[^/\\]+\.py$")]  # a file in submissions/wrong_answer


class Rules(RootModel[list[Rule]]):
    pass


def load_rules(path: Path) -> list[Rule] | None:
    """The folder's rules.yaml, or None when it has none."""
    file = path / "rules.yaml"
    if not file.is_file():
        return None
    try:
        data = yaml.safe_load(read_text(file))
    except yaml.YAMLError as exc:
        raise ProblemError(file, None, f"not valid YAML: {exc}") from None
    rules = validate(Rules, data, file).root
    if not rules:
        raise ProblemError(file, None, "lists no rules")
    return rules


def rule_problem(
    problem: Problem, rule: Rule, case_ids: set[str], judgements: dict[str, Judgement]
) -> str | None:
    """What keeps ``rule`` from being proven, or None: its tests must exist, include a
    secret one, and reject its wrong submission (judged already, in ``judgements``)."""
    unknown = [test for test in rule.tests if test not in case_ids]
    if unknown:
        return f"no such tests: {', '.join(unknown)}"
    if not any(test.startswith("secret/") for test in rule.tests):
        return "pinned by sample tests only: list a secret/... test"
    name = f"submissions/wrong_answer/{rule.wrong}"
    if not (problem.path / name).is_file():
        return f"{name} does not exist"
    judgement = judgements.get(name)
    if judgement is None:  # the file appeared after the folder was loaded
        return f"{name} was not judged"
    listed = set(rule.tests)
    if any(t.id in listed and t.verdict in REJECTING for t in judgement.tests):
        return None
    return f"{name} passes {', '.join(rule.tests)}: they do not pin the rule"


def quote(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= 50 else f'"{text[:47]}..."'
