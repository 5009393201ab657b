"""Shared fixtures: a real sandbox on the real engine, and small problem folders in tmp_path."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docker
import pytest

from judge.config import Settings
from judge.judging import Judge
from judge.problem import Problem, load_problem
from judge.verdicts import Judgement
from sandbox.container import Sandbox
from sandbox.engine import OWNER_LABEL, live_ids, owner
from sandbox.limits import SANDBOX_LABEL

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    # No skip: without an engine and image these tests must fail, not pass quietly.
    # Pooled, as the service runs it: runs take warm containers.
    sandbox = Sandbox(Settings().runner_image, pool_size=1)
    yield sandbox
    sandbox.close()


def used_containers(sandbox: Sandbox) -> list:
    """Labelled containers left once every used one should be gone: any that ran a job,
    and any that no process here is keeping warm or starting."""
    assert sandbox.settle(), "used containers were not removed in 30 s"
    # sparse: no per-container inspect, which races with background removals
    labelled = sandbox.client.containers.list(
        all=True, filters={"label": SANDBOX_LABEL}, sparse=True
    )
    used, unused = sandbox.used_ids(), live_ids() - sandbox.running_ids()
    return [c for c in labelled if c.id in used or c.id not in unused]


@pytest.fixture
def leftovers(sandbox: Sandbox) -> Callable[[], list]:
    return lambda: used_containers(sandbox)


def containers_of_other_processes() -> list:
    """Labelled containers not owned by this test process: what a `judge serve` left."""
    labelled = docker.from_env().containers.list(
        all=True, filters={"label": SANDBOX_LABEL}, sparse=True
    )
    return [c for c in labelled if c.attrs["Labels"].get(OWNER_LABEL) != owner()]


@pytest.fixture
def service_leftovers() -> Callable[[], list]:
    return containers_of_other_processes


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that restart the Docker engine run after everything else."""
    items.sort(key=lambda item: item.get_closest_marker("engine_restart") is not None)


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
