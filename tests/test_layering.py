"""The arrows point down: api -> judge -> sandbox, and only the sandbox speaks Docker.

Read from the source (every import statement, wherever it is in a module), so a
lazy import inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imports(package: str) -> list[tuple[str, str]]:
    """(file, imported module) for every import in the package's Python files."""
    found = []
    for file in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(file.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((str(file.relative_to(ROOT)), node.module))
    return found


def top(module: str) -> str:
    return module.split(".")[0]


def test_nothing_outside_the_sandbox_imports_docker():
    leaks = [
        (file, module)
        for package in ("judge", "api", "bench")
        for file, module in imports(package)
        if top(module) == "docker"
    ]
    assert leaks == []


def test_the_judge_never_imports_the_service():
    assert [(file, module) for file, module in imports("judge") if top(module) == "api"] == []


def test_the_sandbox_imports_neither_the_judge_nor_the_service():
    leaks = [
        (file, module) for file, module in imports("sandbox") if top(module) in ("api", "judge")
    ]
    assert leaks == []


def test_judge_cli_imports_without_the_web_framework_or_the_database():
    probe = (
        "import sys, judge.cli; "
        "print(sorted(m for m in ('fastapi', 'sqlalchemy', 'api') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_judge_program_lists_the_local_and_the_service_commands():
    judge = Path(sys.executable).with_name("judge")
    done = subprocess.run(
        [str(judge), "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "120"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for command in ("run", "check", "problems", "image", "serve", "worker", "migrate", "keys"):
        assert f" {command} " in done.stdout, command
