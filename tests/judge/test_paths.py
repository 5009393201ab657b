"""A problem argument that is a path always wins over a library id, and every command
says which folder it used: an author never checks the library's copy by mistake."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from judge.library import is_path, resolve
from judge.problem import ProblemError

REPO = Path(__file__).resolve().parents[2]
JUDGE = Path(sys.executable).with_name("judge")
CAN_SHIFT = REPO / "problems" / "can_shift"


def judge_in(cwd: Path, *args: str, library: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    if library is not None:
        env["JUDGE_PROBLEMS_DIR"] = str(library)
    return subprocess.run(
        [str(JUDGE), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("spec", [".", "..", "./add", "some/where", "/abs/path"])
def test_dots_and_slashes_are_paths(spec):
    assert is_path(spec)


def test_a_plain_name_is_an_id_unless_a_folder_of_that_name_is_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert not is_path("can_shift")
    (tmp_path / "can_shift").mkdir()
    assert is_path("can_shift")


def test_resolve_dot_inside_a_problem_folder_is_that_folder(make_problem, monkeypatch):
    folder = make_problem()
    monkeypatch.chdir(folder)
    assert resolve(".", REPO / "problems") == folder.resolve()
    monkeypatch.chdir(folder / "tests")
    assert resolve("..", REPO / "problems") == folder.resolve()


def test_a_local_folder_wins_over_the_library_id(tmp_path, monkeypatch):
    local = tmp_path / "can_shift"
    local.mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve("can_shift", REPO / "problems") == local.resolve()


def test_an_id_resolves_under_the_library_as_an_absolute_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve("can_shift", REPO / "problems") == CAN_SHIFT


def test_a_missing_path_is_not_looked_up_as_an_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProblemError, match="no such folder"):
        resolve("./can_shift", REPO / "problems")
    with pytest.raises(ProblemError, match=r"known ids: .*can_shift"):
        resolve("no_such_problem", REPO / "problems")


@pytest.mark.docker  # judges with `judge` on the real engine
def test_judge_check_dot_inside_a_problem_folder_checks_it(make_problem):
    folder = make_problem()
    wrong = folder / "submissions" / "wrong_answer"
    wrong.mkdir(parents=True)
    (wrong / "subtracts.py").write_text('"""Subtracts."""\n\n\ndef add(a, b):\n    return a - b\n')
    (folder / "rules.yaml").write_text(
        "- rule: add, not subtract\n  tests: [secret/00]\n  wrong: subtracts.py\n"
    )
    done = judge_in(folder, "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"problem: {folder.resolve()}\n" in done.stderr
    assert "all 1 problems passed" in done.stdout


@pytest.mark.docker  # judges with `judge` on the real engine
def test_judge_run_dot_sol_inside_a_problem_folder_judges_against_it(make_problem):
    folder = make_problem()
    done = judge_in(folder, "run", ".", "solution.py", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "accepted"  # stdout is pure JSON
    assert done.stderr == f"problem: {folder.resolve()}\n"


@pytest.mark.docker  # judges with `judge` on the real engine
def test_a_local_copy_named_like_a_library_id_is_the_one_checked(tmp_path):
    local = tmp_path / "can_shift"
    shutil.copytree(CAN_SHIFT, local, ignore=shutil.ignore_patterns("submissions", "__pycache__"))
    yaml = local / "problem.yaml"
    yaml.write_text(yaml.read_text().replace("time_s: 1.0", "time_s: 0.001"))
    # The library's can_shift passes; the local copy, with its 1 ms limit, cannot.
    done = judge_in(tmp_path, "check", "can_shift", library=REPO / "problems")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"problem: {local.resolve()}\n" in done.stderr
    assert "limit 1 ms" in done.stdout


@pytest.mark.docker  # judges with `judge` on the real engine
def test_an_id_with_no_local_folder_uses_the_library_and_says_so(tmp_path):
    done = judge_in(
        tmp_path,
        "run",
        "can_shift",
        str(CAN_SHIFT / "solution.py"),
        "--json",
        library=REPO / "problems",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"problem: {CAN_SHIFT}\n"
