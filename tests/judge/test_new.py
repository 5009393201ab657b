"""`judge new`: a complete skeleton that passes `judge check` as written, a copy of a
shipped problem under a new id, and clear refusals."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from judge import scaffold
from judge.problem import load_problem
from judge.verdicts import Verdict

REPO = Path(__file__).resolve().parents[2]
JUDGE = Path(sys.executable).with_name("judge")


def judge_cli(*args: str, cwd: Path, library: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JUDGE), *args],
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200", "JUDGE_PROBLEMS_DIR": str(library)},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "problems"
    folder.mkdir()
    return folder


@pytest.mark.docker  # judges with `judge` on the real engine
def test_the_skeleton_passes_judge_check_as_written(tmp_path, library):
    made = judge_cli("new", "sum_pos", cwd=tmp_path, library=library)
    assert made.returncode == 0, made.stderr
    folder = library / "sum_pos"
    assert made.stderr == f"problem: {folder.resolve()}\n"
    for step in ("judge generate sum_pos", "judge check sum_pos", "judge run sum_pos"):
        assert step in made.stdout
    assert "statement.md" in made.stdout
    problem = load_problem(folder)
    assert problem.meta.function.name == "sum_pos" and problem.meta.title == "Sum Pos"
    assert len(problem.samples) == 2 and len(problem.tests) == 8  # written by its generator
    assert [v for v, files in problem.submissions.items() if files] == [
        Verdict.accepted,
        Verdict.wrong_answer,
    ]
    checked = judge_cli("check", "sum_pos", cwd=tmp_path, library=library)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAIL" not in checked.stdout
    assert "all 1 problems passed" in checked.stdout
    assert "rules: 1 rule, each pinned" in checked.stdout


def test_the_skeleton_statement_has_the_library_sections():
    statement = scaffold.STATEMENT.replace("FUNCTION", "f").replace("TITLE", "F")
    shipped = (REPO / "problems" / "can_shift" / "statement.md").read_text()
    headings = [line for line in statement.splitlines() if line.startswith("#")]
    assert headings == ["# F", "## Constraints", "## Examples"]
    assert [h.split()[0] for h in headings] == [
        line.split()[0] for line in shipped.splitlines() if line.startswith("#")
    ]
    assert "```python\ndef f(xs: list[int]) -> int:\n```" in statement


@pytest.mark.docker  # judges with `judge` on the real engine
def test_from_copies_a_problem_under_the_new_id_and_it_passes(tmp_path, library):
    source = REPO / "problems" / "can_shift"
    made = judge_cli("new", "my_shift", "--from", str(source), cwd=tmp_path, library=library)
    assert made.returncode == 0, made.stderr
    folder = library / "my_shift"
    copied = load_problem(folder)
    assert copied.id == "my_shift"
    assert copied.meta.function.name == "can_shift"  # the function keeps its name
    assert not list(folder.rglob("__pycache__"))
    checked = judge_cli("check", "my_shift", cwd=tmp_path, library=library)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # Its generator names its own folder when it cannot import judge.
    guarded = judge_cli("new", "my_wins", "--from", str(REPO / "problems" / "winsorize"),
                        cwd=tmp_path, library=library)  # fmt: skip
    assert guarded.returncode == 0, guarded.stderr
    done = subprocess.run(
        [sys.executable, "-S", str(library / "my_wins" / "generator.py")],
        capture_output=True,
        text=True,
    )
    assert "`judge generate my_wins`" in done.stderr


def test_dir_writes_elsewhere_and_names_it_as_a_path(tmp_path, library):
    made = judge_cli("new", "elsewhere", "--dir", "drafts", cwd=tmp_path, library=library)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "drafts" / "elsewhere" / "tests" / "secret" / "01_empty.json").is_file()
    assert not (library / "elsewhere").exists()
    assert "judge check drafts/elsewhere" in made.stdout


@pytest.mark.parametrize(
    ("problem_id", "words"),
    [
        ("9lives", "bad problem id '9lives'"),
        ("Upper", "bad problem id 'Upper'"),
        ("with-dash", "bad problem id 'with-dash'"),
        ("class", "a Python keyword"),
    ],
)
def test_a_bad_id_is_refused_and_nothing_written(library, problem_id, words):
    with pytest.raises(scaffold.ScaffoldError, match=re.escape(words)):
        scaffold.create(problem_id, library)
    assert list(library.iterdir()) == []


def test_a_bad_id_exits_2_with_the_reason(tmp_path, library):
    done = judge_cli("new", "9lives", cwd=tmp_path, library=library)
    assert done.returncode == 2
    assert "bad problem id '9lives': use lower-case letters" in done.stderr
    assert list(library.iterdir()) == []


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_an_existing_folder_is_refused_and_left_alone(tmp_path, library):
    (library / "taken").mkdir()
    (library / "taken" / "notes.txt").write_text("mine")
    done = judge_cli("new", "taken", cwd=tmp_path, library=library)
    assert done.returncode == 2
    assert "exists already" in done.stderr
    assert [p.name for p in (library / "taken").iterdir()] == ["notes.txt"]
    source = str(REPO / "problems" / "can_shift")
    copied = judge_cli("new", "taken", "--from", source, cwd=tmp_path, library=library)
    assert copied.returncode == 2
    assert "exists already" in copied.stderr
    assert [p.name for p in (library / "taken").iterdir()] == ["notes.txt"]


def test_from_an_unknown_problem_exits_2(tmp_path, library):
    done = judge_cli("new", "fresh", "--from", "no_such", cwd=tmp_path, library=library)
    assert done.returncode == 2
    assert "no such problem id or folder" in done.stderr
    assert not (library / "fresh").exists()
