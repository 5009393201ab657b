"""docs/problem-format.md's "Add a problem in five minutes", followed literally: its bash
blocks run in order, in one shell, against a library of their own; what they leave
must pass `judge check`. A walkthrough that drifts from the commands fails here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "problem-format.md"
HEADING = "## Add a problem in five minutes"
VENV_BIN = Path(sys.executable).parent
FENCE = re.compile(r"^(`{3,})\s*(\S*)")


def walkthrough_script(markdown: str) -> str:
    """The bash blocks under HEADING, up to the next heading outside a fence (a fence
    closes only on a line of at least as many backticks, as in CommonMark, so a
    statement written inside a ````bash block may hold ```python)."""
    lines = markdown.splitlines()
    start = lines.index(HEADING) + 1
    blocks: list[list[str]] = []
    fence: str | None = None
    is_bash = False
    for line in lines[start:]:
        opened = FENCE.match(line)
        if fence is None:
            if line.startswith("#"):
                break
            if opened:
                fence, is_bash = opened.group(1), opened.group(2) == "bash"
                if is_bash:
                    blocks.append([])
        elif line.strip().startswith(fence) and line.strip() == "`" * len(line.strip()):
            fence = None
        elif is_bash:
            blocks[-1].append(line)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def run_shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_extracted_walkthrough_uses_only_the_authoring_commands():
    script = walkthrough_script(DOC.read_text(encoding="utf-8"))
    commands, heredoc = [], False
    for line in script.splitlines():
        if heredoc:
            heredoc = line != "EOF"
        elif line.strip():
            commands.append(line.split()[0])
            heredoc = "<<'EOF'" in line
    for needed in ("judge new", "judge generate", "judge check", "judge run"):
        assert needed in script
    # Everything else is editing files: heredocs, rm, cd.
    assert set(commands) <= {"judge", "cd", "cat", "rm"}, commands
    # The statement's own ```python fence stays inside its heredoc.
    assert "def count_vowels(text: str) -> int:\n```\n\n## Constraints" in script


@pytest.mark.docker  # judges with `judge` on the real engine
def test_following_the_walkthrough_gives_a_problem_that_passes_judge_check(tmp_path):
    library = tmp_path / "problems"
    library.mkdir()
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUDGE_PROBLEMS_DIR": str(library),
        "COLUMNS": "200",
    }
    script = walkthrough_script(DOC.read_text(encoding="utf-8"))
    done = run_shell(script, tmp_path, env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    folder = library / "count_vowels"
    assert f"problem: {folder}" in done.stderr
    assert "all 1 problems passed" in done.stdout
    assert "count_vowels: accepted" in done.stdout
    # The skeleton's cases are gone, the walkthrough's are there.
    secret = sorted(p.stem for p in (folder / "tests" / "secret").glob("*.json"))
    assert secret == [
        "01_empty",
        "02_upper_case",
        "03_y_is_not_a_vowel",
        "04_mixed",
        "05_random",
        "06_largest",
    ]
    checked = run_shell("judge check count_vowels", tmp_path, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAIL" not in checked.stdout
    assert "rules: 2 rules, each pinned" in checked.stdout
