"""Generators write next to themselves whatever the current directory, say how to run
them when `judge` cannot be imported, and `judge generate` runs them and says what
they wrote."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from judge import generation, scaffold

REPO = Path(__file__).resolve().parents[2]
JUDGE = Path(sys.executable).with_name("judge")
SHIPPED = sorted(p.parent for p in (REPO / "problems").glob("*/generator.py"))
# Those built on judge.generation; the others (can_shift, find_bigrams) have a main of
# their own and import nothing of the judge's.
GUARDED = [p for p in SHIPPED if "judge.generation" in (p / "generator.py").read_text()]


def python(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def judge_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JUDGE), *args],
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy(problem: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "lib" / problem.name
    shutil.copytree(problem, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def cases(folder: Path) -> dict[str, bytes]:
    tests = folder / "tests"
    return {p.relative_to(tests).as_posix(): p.read_bytes() for p in tests.glob("*/*.json")}


@pytest.mark.parametrize("name", ["winsorize", "can_shift"])
def test_a_generator_run_from_elsewhere_writes_next_to_itself(tmp_path, name):
    """winsorize uses judge.generation; can_shift has a main of its own (find_bigrams's,
    the same code, takes 10 s)."""
    folder = copy(REPO / "problems" / name, tmp_path)
    committed = cases(folder)
    shutil.rmtree(folder / "tests" / "secret")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = python(str(folder / "generator.py"), cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert list(elsewhere.iterdir()) == []  # nothing in the current directory
    assert cases(folder).keys() == committed.keys()


def test_a_python_without_judge_gets_one_line_saying_how_to_run_it(tmp_path):
    folder = scaffold.create("sum_pos", tmp_path)
    # -S: no site-packages, so the venv's judge cannot be imported.
    done = python("-S", str(folder / "generator.py"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert "`judge generate sum_pos`" in done.stderr
    assert ".venv/bin/python" in done.stderr
    assert not (folder / "tests").exists()


@pytest.mark.parametrize("problem", GUARDED, ids=[p.name for p in GUARDED])
def test_every_shipped_generator_on_judge_generation_says_how_to_run_it(tmp_path, problem):
    folder = copy(problem, tmp_path)
    committed = cases(folder)
    done = python("-S", str(folder / "generator.py"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert f"`judge generate {problem.name}`" in done.stderr
    assert cases(folder) == committed


def test_the_other_shipped_generators_need_no_judge():
    others = [p for p in SHIPPED if p not in GUARDED]
    assert [p.name for p in others] == ["can_shift", "find_bigrams"]
    for problem in others:
        source = (problem / "generator.py").read_text()
        assert "import judge" not in source and "from judge" not in source
        assert "Path(__file__).resolve().parent" in source


def test_generation_run_tells_new_changed_unchanged_and_removes_stale_cases(tmp_path):
    folder = scaffold.create("sum_pos", tmp_path)
    first = generation.run(folder)
    assert first.error is None
    assert first.written == {"sample": 2, "secret": 6} and len(first.new) == 8
    (folder / "tests" / "secret" / "00_by_hand.json").write_text('{"args": {"xs": []}}')
    empty = folder / "tests" / "secret" / "01_empty.json"
    empty.write_text('{"args": {"xs": []}, "expected": 1}\n')
    again = generation.run(folder)
    assert again.new == [] and again.changed == ["secret/01_empty.json"]
    assert again.removed == ["tests/secret/00_by_hand.json"]
    assert not (folder / "tests" / "secret" / "00_by_hand.json").exists()
    assert empty.read_text() == '{"args": {"xs": []}, "expected": 0}\n'
    assert "2 sample, 6 secret cases" in again.summary()
    assert "0 new, 1 changed, 7 unchanged, 1 removed" in again.summary()


def test_generation_run_leaves_a_group_the_generator_does_not_write(tmp_path):
    folder = copy(REPO / "problems" / "can_shift", tmp_path)  # writes no samples
    samples = {k: v for k, v in cases(folder).items() if k.startswith("sample/")}
    done = generation.run(folder)
    assert done.error is None and done.removed == [] and done.changed == []
    assert done.written == {"secret": len(cases(folder)) - len(samples)}
    assert {k: v for k, v in cases(folder).items() if k.startswith("sample/")} == samples


def test_judge_generate_runs_the_generator_and_says_what_it_wrote(tmp_path):
    folder = scaffold.create("sum_pos", tmp_path)
    done = judge_cli("generate", str(folder), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"problem: {folder.resolve()}\n"
    assert "generator.py wrote 2 sample, 6 secret cases into tests/ (8 new" in done.stdout
    assert not (tmp_path / "tests").exists()


def test_judge_generate_reports_a_failing_generator_in_one_line_and_exits_1(tmp_path):
    folder = scaffold.create("sum_pos", tmp_path)
    (folder / "solution.py").write_text("def sum_pos(xs):\n    raise ValueError('oops')\n")
    done = judge_cli("generate", str(folder), cwd=tmp_path)
    assert done.returncode == 1
    assert "generator.py failed: ValueError: oops" in done.stderr


def test_judge_generate_without_a_generator_exits_2(make_problem, tmp_path):
    folder = make_problem()
    done = judge_cli("generate", str(folder), cwd=tmp_path)
    assert done.returncode == 2
    assert "generator.py: missing" in done.stderr
