"""Shared fixtures: a real sandbox on the real engine, and small problem folders in tmp_path."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from judge.config import Settings
from judge.judging import Judge
from judge.problem import Problem, load_problem
from judge.verdicts import Judgement
from sandbox.container import Sandbox

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sandbox() -> Sandbox:
    # No skip: without an engine and image these tests must fail, not pass quietly.
    return Sandbox(Settings().runner_image)


@pytest.fixture(scope="session")
def judge(sandbox: Sandbox) -> Judge:
    return Judge(sandbox)


ADD_CASES = {
    "sample": [({"a": 1, "b": 2}, 3)],
    "secret": [({"a": 10, "b": 20}, 30), ({"a": -5, "b": 5}, 0), ({"a": 7, "b": 8}, 15)],
}


def write_problem(
    root: Path,
    *,
    name: str = "add",
    yaml_text: str | None = None,
    cases: dict[str, list[tuple[dict[str, Any], Any]]] | None = None,
    solution: str = "def add(a, b):\n    return a + b\n",
    time_s: float = 0.5,
    memory_mb: int = 64,
    output_kb: int = 8,
) -> Path:
    """A small valid problem folder: add(a: int, b: int) -> int."""
    folder = root / name
    (folder / "tests").mkdir(parents=True)
    (folder / "problem.yaml").write_text(
        yaml_text
        or textwrap.dedent(f"""\
            title: Add
            difficulty: easy
            tags: [warm-up]
            function:
              name: add
              params: [{{name: a, type: int}}, {{name: b, type: int}}]
              returns: int
            limits: {{time_s: {time_s}, memory_mb: {memory_mb}, output_kb: {output_kb}}}
            """)
    )
    (folder / "statement.md").write_text("Return a + b.\n")
    (folder / "solution.py").write_text(solution)
    for group, group_cases in (cases or ADD_CASES).items():
        (folder / "tests" / group).mkdir()
        for index, (args, expected) in enumerate(group_cases):
            case = {"args": args, "expected": expected}
            (folder / "tests" / group / f"{index:02d}.json").write_text(json.dumps(case))
    return folder


@pytest.fixture
def make_problem(tmp_path: Path) -> Callable[..., Path]:
    """Writes a problem folder under tmp_path; keyword arguments as for write_problem."""
    return lambda **options: write_problem(tmp_path, **options)


@pytest.fixture
def add_problem(tmp_path: Path) -> Problem:
    return load_problem(write_problem(tmp_path))


@pytest.fixture
def judge_add(judge: Judge, add_problem: Problem) -> Callable[[str], Judgement]:
    """Judge a source (dedented) against the add problem."""
    return lambda source: judge.judge(add_problem, textwrap.dedent(source))
