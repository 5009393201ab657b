"""Shared fixtures: a real sandbox on the real engine, and small problem folders in tmp_path.

The session labels its containers with a run id of its own (JUDGE_RUN_ID, inherited
by the `judge serve` and `judge run` processes it starts), and every leftover check
counts only those: a service started from another clone may share the engine.
"""

from __future__ import annotations

import json
import os
import textwrap
import uuid
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
from sandbox.engine import OWNER_LABEL, RUN_LABEL, live_ids, owner
from sandbox.limits import SANDBOX_LABEL
from tests.postgres_server import PostgresServer

REPO = Path(__file__).resolve().parents[1]
ENGINE_RESTART_OPTION = "--run-engine-restart"
ENGINE_RESTART_ENV = "JUDGE_TEST_ENGINE_RESTART"
SLOW_OPTION = "--run-slow"
SLOW_ENV = "JUDGE_TEST_SLOW"
LEFT_OUT = pytest.StashKey[int]()
SLOW_LEFT_OUT = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        ENGINE_RESTART_OPTION,
        action="store_true",
        help="run the tests that restart the Docker engine or change the machine "
        f"(marker engine_restart); also CI=true or {ENGINE_RESTART_ENV}=1",
    )
    parser.addoption(
        SLOW_OPTION,
        action="store_true",
        help="run the slow tests too (marker slow: PostgreSQL, many processes), as "
        f"scripts/test does; also CI=true, {SLOW_ENV}=1 or a -m naming slow",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Before any Sandbox exists, so every container of this session carries it.
    os.environ["JUDGE_RUN_ID"] = uuid.uuid4().hex
    config.stash[LEFT_OUT] = 0
    config.stash[SLOW_LEFT_OUT] = 0
    config.pluginmanager.register(LeaveOut(), "leave-out")


def run_id() -> str:
    return os.environ["JUDGE_RUN_ID"]


def run_filters() -> dict[str, list[str]]:
    """Docker filters for this session's sandbox containers (labels are ANDed)."""
    return {"label": [SANDBOX_LABEL, f"{RUN_LABEL}={run_id()}"]}


def engine_restart_allowed(config: pytest.Config) -> bool:
    """Restarting the shared engine would break every other user of it (a running
    `judge serve`, other people's tests), so it is done only in CI or when asked."""
    return (
        os.environ.get("CI") == "true"
        or os.environ.get(ENGINE_RESTART_ENV) == "1"
        or bool(config.getoption(ENGINE_RESTART_OPTION))
    )


def slow_allowed(config: pytest.Config) -> bool:
    """The slow tests take minutes in all, so a plain `pytest -m "not docker"` (the fast
    tier) leaves them out; the full suite (scripts/test, CI) runs them, and so does
    a `-m` that names them (and a command line naming their file: named_files)."""
    return (
        os.environ.get("CI") == "true"
        or os.environ.get(SLOW_ENV) == "1"
        or bool(config.getoption(SLOW_OPTION))
        or "slow" in (config.getoption("markexpr") or "")
    )


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
    labelled = sandbox.client.containers.list(all=True, filters=run_filters(), sparse=True)
    used, unused = sandbox.used_ids(), live_ids() - sandbox.running_ids()
    return [c for c in labelled if c.id in used or c.id not in unused]


@pytest.fixture
def leftovers(sandbox: Sandbox) -> Callable[[], list]:
    return lambda: used_containers(sandbox)


def containers_of_other_processes() -> list:
    """Containers of this session not owned by this test process: what a `judge serve`
    it started left (a service of another clone or session is none of its business)."""
    labelled = docker.from_env().containers.list(all=True, filters=run_filters(), sparse=True)
    return [c for c in labelled if c.attrs["Labels"].get(OWNER_LABEL) != owner()]


@pytest.fixture
def service_leftovers() -> Callable[[], list]:
    return containers_of_other_processes


# Fixtures that start real containers (or a service whose workers do): a test that
# asks for one, at any depth, needs the engine.
ENGINE_FIXTURES = frozenset(
    {
        "sandbox",
        "judge",
        "judge_add",
        "leftovers",
        "service_leftovers",
        "start_server",
        "make_service",
        "client",
        "server",  # tests/web: a real `judge serve`
        "fleet",  # tests/api: `judge serve` and `judge worker` processes (processes.Fleet)
    }
)
# Every test under these folders judges in real containers.
ENGINE_FOLDERS = ("sandbox", "hostile", "web")


def needs_engine(item: pytest.Item) -> bool:
    """Whether a test runs real containers on the engine: it asks for a fixture that
    does, or lives in a folder whose every test does (the `docker` marker)."""
    if ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    parts = item.path.relative_to(REPO / "tests").parts
    return len(parts) > 1 and parts[0] in ENGINE_FOLDERS


def uses_postgres(item: pytest.Item) -> bool:
    """The session's PostgreSQL server, or a test's PostgreSQL variant: the full suite's."""
    params = getattr(item, "callspec", None)
    variant = params is not None and "postgresql" in map(str, params.params.values())
    return variant or "postgres" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks `docker` every test that needs the engine and `slow` every test of
    PostgreSQL; `root` tests (engine_restart among them) change the machine and
    count as `docker` too. Engine-restart tests run after everything else, and only
    where that is allowed (engine_restart_allowed); elsewhere they are left out,
    loudly, as slow tests are (LeaveOut)."""
    for item in items:
        if item.get_closest_marker("engine_restart") is not None:
            item.add_marker(pytest.mark.root)
        if item.get_closest_marker("root") is not None or needs_engine(item):
            item.add_marker(pytest.mark.docker)
        if uses_postgres(item):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("engine_restart") is not None)


def named_files(config: pytest.Config) -> set[Path]:
    """The test files the command line names (a file, or a test in it): their slow
    tests run, since whoever named them asked for them."""
    here = config.invocation_params.dir
    # Made absolute as pytest makes item.path: without resolving symlinks.
    paths = (Path(os.path.abspath(Path(here, arg.split("::")[0]))) for arg in config.args)
    return {path for path in paths if path.suffix == ".py"}


class LeaveOut:
    """Leaves out slow tests (deselected) and engine-restart tests (skipped) where
    they are not allowed, after `-m` has chosen, so the counts said at the end are
    of tests that would otherwise have run."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        if not slow_allowed(config):
            named = named_files(config)
            slow = [
                item
                for item in items
                if item.get_closest_marker("slow") is not None and item.path not in named
            ]
            if slow:
                config.hook.pytest_deselected(items=slow)
                left = set(slow)
                items[:] = [item for item in items if item not in left]
                config.stash[SLOW_LEFT_OUT] = len(slow)
        if engine_restart_allowed(config):
            return
        skip = pytest.mark.skip(
            reason="left out: restarts the shared Docker engine; run it with "
            f"{ENGINE_RESTART_OPTION}, {ENGINE_RESTART_ENV}=1 or CI=true"
        )
        for item in items:
            if item.get_closest_marker("engine_restart") is not None:
                item.add_marker(skip)
                config.stash[LEFT_OUT] += 1


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    slow = config.stash.get(SLOW_LEFT_OUT, 0)
    if slow:
        terminalreporter.write_line(
            f"left out {slow} slow tests: the full suite is `bash scripts/test` "
            f"(or pass {SLOW_OPTION})"
        )
    left_out = config.stash.get(LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(
            f"left out {left_out} engine-restart tests "
            f"(set CI=true or pass {ENGINE_RESTART_OPTION})"
        )


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session; tests take databases of their own."""
    server = PostgresServer()
    server.start()
    yield server
    server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind the judge supports: a SQLite file, and a fresh
    database on the session's real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/judge.db"
    return request.getfixturevalue("postgres").new_database()


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
