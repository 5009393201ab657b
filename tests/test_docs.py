"""The shell commands README.md and docs/*.md show work as written.

Every command of their ```bash/```sh/```console blocks is either run here (RUN: it
must exit 0) or left out on purpose (SKIP, each with its reason), so a command added
to the docs fails this test until someone decides which. Commands run in a scratch
folder with ``JUDGE_PROBLEMS_DIR`` and ``JUDGE_DATABASE_URL`` pointing into tmp_path,
so nothing of the checkout changes.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(?:bash|sh|console|shell)[ \t]*\n(.*?)^```", re.M | re.S)
HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")
BIN = Path(sys.executable).parent

# Run as written (after `.venv/bin/` or a bare program name becomes this venv's): each
# must exit 0. Keyed by command prefix; True where the command needs the Docker engine.
RUN = {
    ".venv/bin/judge problems": False,
    ".venv/bin/judge migrate": False,
    ".venv/bin/judge generate my_problem": False,  # after `judge new my_problem` (below)
    ".venv/bin/judge run can_shift my_solution.py": True,  # and with --json
    ".venv/bin/judge run path/to/problem_folder my_solution.py": True,
    ".venv/bin/judge check can_shift": True,
}
# Left out, with the reason.
SKIP = {
    # scripts/setup installs Debian packages and builds images; the whole suite or a
    # service that runs until stopped.
    "bash scripts/start": "sets the machine up, then serves until stopped",
    "bash scripts/test": "sets the machine up, then runs the whole suite (20 minutes)",
    "bash scripts/bench": "sets the machine up, then benchmarks for 10-20 minutes",
    "bash scripts/deploy": "builds the service images and runs the compose stack",
    # Long-running or machine-changing commands.
    ".venv/bin/judge serve": "serves until stopped; tests/api starts it (processes.py)",
    ".venv/bin/judge worker": "runs until stopped; tests/api/test_fleet*.py start it",
    ".venv/bin/judge image build": "rebuilds the shared runner image (a minute, and root)",
    ".venv/bin/judge check --all": "judges every shipped submission (minutes)",
    ".venv/bin/python -m bench": "benchmarks for minutes; tests/bench runs smoke sizes",
    "docker run": "starts the service image; tests/api/test_service_image.py runs it",
    # A synopsis ([optional] parts, A | B), not a command; the test named runs the forms.
    ".venv/bin/judge keys": "synopsis; tests/api/test_keys.py runs create, revoke and list",
    ".venv/bin/judge new my_problem [": "synopsis; run below as `judge new my_problem`",
    ".venv/bin/judge rejudge": "synopsis; tests/api/test_rejudge.py runs the command",
    # Talk to a running service.
    "curl": "needs a running service; tests/api covers each route",
    # A shell setting with a placeholder password, for the reader's own database.
    "export JUDGE_DATABASE_URL=": "an example setting, not a command",
    # docs/problem-format.md's five-minute walkthrough, followed step by step (same
    # files, same commands, in order) by tests/judge/test_walkthrough.py.
    "judge new count_vowels": "the walkthrough: tests/judge/test_walkthrough.py",
    "cd problems/count_vowels": "the walkthrough: tests/judge/test_walkthrough.py",
    "cat > ": "the walkthrough's files: tests/judge/test_walkthrough.py",
    "rm submissions/": "the walkthrough: tests/judge/test_walkthrough.py",
    "judge generate .": "the walkthrough: tests/judge/test_walkthrough.py",
    "judge check .": "the walkthrough: tests/judge/test_walkthrough.py",
    "judge run . ": "the walkthrough: tests/judge/test_walkthrough.py",
}


def _strip_comment(line: str) -> str:
    """The line without a trailing `# comment` (a # outside quotes, after a space)."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip()
    return line.rstrip()


def commands(text: str) -> list[str]:
    """The commands of a Markdown text's shell blocks: continuation lines joined, a
    heredoc kept with its body, comments and console prompts dropped."""
    found: list[str] = []
    for block in FENCE.finditer(text):
        lines = block[1].splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if line.startswith("$ "):
                line = line[2:]
            heredoc = HEREDOC.search(line)
            if heredoc:
                body = []
                while index < len(lines) and lines[index] != heredoc[1]:
                    body.append(lines[index])
                    index += 1
                index += 1
                found.append("\n".join([line, *body, heredoc[1]]))
                continue
            while line.endswith("\\") and index < len(lines):
                line = line[:-1].rstrip() + " " + lines[index].strip()
                index += 1
            line = _strip_comment(line)
            if line.strip():
                found.append(line.strip())
    return found


def doc_commands() -> list[tuple[str, str]]:
    return [(doc.name, command) for doc in DOCS for command in commands(doc.read_text())]


def _matches(command: str, prefixes: dict) -> list[str]:
    return [prefix for prefix in prefixes if command == prefix or command.startswith(prefix)]


def test_commands_are_found_in_shell_blocks():
    text = (
        "x\n```bash\n$ a b  # note\nc \\\n  d\ncat > f <<'EOF'\n# kept\nEOF\n```\n"
        "```python\nno\n```\n"
    )
    assert commands(text) == ["a b", "c d", "cat > f <<'EOF'\n# kept\nEOF"]


def test_every_doc_command_is_run_or_skipped_on_purpose():
    undecided = [
        f"{doc}: {command.splitlines()[0]}"
        for doc, command in doc_commands()
        if not _matches(command, RUN) and not _matches(command, SKIP)
    ]
    assert undecided == [], "add each to RUN or SKIP in tests/test_docs.py"


def test_every_listed_prefix_is_still_in_the_docs():
    """A prefix no doc uses any more is a stale entry (the docs changed)."""
    listed = {**RUN, **SKIP}
    used = {prefix for _, command in doc_commands() for prefix in _matches(command, listed)}
    assert sorted(set(listed) - used) == []


@pytest.fixture
def scratch(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working folder holding my_solution.py (can_shift's reference) and
    path/to/problem_folder (a copy of can_shift), and an environment whose library
    (a copy of can_shift) and database are in tmp_path."""
    library = tmp_path / "library"
    shutil.copytree(ROOT / "problems" / "can_shift", library / "can_shift")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "problems" / "can_shift" / "solution.py", work / "my_solution.py")
    shutil.copytree(ROOT / "problems" / "can_shift", work / "path" / "to" / "problem_folder")
    env = {
        **os.environ,
        "JUDGE_PROBLEMS_DIR": str(library),
        "JUDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'judge.db'}",
        "COLUMNS": "120",
    }
    return work, env


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    program = argv[0].removeprefix(".venv/bin/")
    argv[0] = str(BIN / program) if (BIN / program).exists() else argv[0]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


# Commands that take more than 5 s (marked slow).
SLOW = (".venv/bin/judge check",)


def _to_run(engine: bool) -> list:
    return [
        pytest.param(doc, command, marks=[pytest.mark.slow] if command.startswith(SLOW) else [])
        for doc, command in doc_commands()
        if any(RUN[prefix] is engine for prefix in _matches(command, RUN))
    ]


def _run_all(doc: str, command: str, scratch: tuple[Path, dict[str, str]]) -> None:
    work, env = scratch
    if command.startswith(".venv/bin/judge generate my_problem"):
        made = _run(".venv/bin/judge new my_problem", work, env)
        assert made.returncode == 0, made.stderr
    done = _run(command, work, env)
    assert done.returncode == 0, f"{doc}: {command}\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize(("doc", "command"), _to_run(engine=False))
def test_doc_command_exits_0(doc, command, scratch):
    _run_all(doc, command, scratch)


@pytest.mark.docker
@pytest.mark.parametrize(("doc", "command"), _to_run(engine=True))
def test_doc_command_on_the_engine_exits_0(doc, command, scratch):
    _run_all(doc, command, scratch)


def test_python_m_api_settings_prints_the_readme_table():
    """README says its settings table is made by `python -m api.settings`."""
    done = subprocess.run(
        [sys.executable, "-m", "api.settings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert f"<!-- settings -->\n{done.stdout}<!-- /settings -->" in (ROOT / "README.md").read_text()
