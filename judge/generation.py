"""Helpers for a problem's ``generator.py``: seeded cases in, committed JSON files out.

A generator defines its cases and calls ``main``::

    from judge.generation import main
    from solution import rolling_mean

    def secret(rng):                      # name -> arguments
        return {"01_one_value": {"xs": [1.0], "k": 1}, ...}

    if __name__ == "__main__":
        main(rolling_mean, secret, samples={"1_basic": {...}}, seed=7)

``python generator.py`` writes tests/sample and tests/secret next to generator.py,
whatever the current directory (``judge generate ID`` runs it so); ``python generator.py
DIR`` writes only the secret cases into DIR, which is how ``judge check`` proves
the committed files are reproducible: the same files, the same arguments exactly,
and answers equal under the problem's checker. Answers are not compared byte for
byte because numpy picks SIMD and BLAS kernels per CPU, so a computed float may
differ in its last bits between machines; arguments must therefore be built
without such computations (or rounded), as they must match exactly. Expected
values always come from the reference solution, so they cannot drift from it.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Cases = dict[str, dict[str, Any]]


def plain(value: Any) -> Any:
    """The reference's answer as JSON data (tuples to lists, numpy to Python)."""
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def write(folder: Path, cases: Cases, solve: Callable[..., Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, args in cases.items():
        case = {"args": args, "expected": plain(solve(**args))}
        (folder / f"{name}.json").write_text(json.dumps(case) + "\n")


def main(
    solve: Callable[..., Any],
    secret: Callable[[random.Random], Cases],
    samples: Cases | None = None,
    seed: int = 1,
    folder: Path | None = None,
) -> None:
    """Writes the cases into ``folder`` (default: the generator's own folder, never the
    current directory, which may be the project's own tests/)."""
    cases = secret(random.Random(seed))
    if len(sys.argv) > 1:
        write(Path(sys.argv[1]), cases, solve)
        return
    tests = (folder or generator_folder()) / "tests"
    write(tests / "secret", cases, solve)
    if samples:
        write(tests / "sample", samples, solve)


def generator_folder() -> Path:
    """The folder of the script being run (``python path/to/generator.py``)."""
    script = getattr(sys.modules["__main__"], "__file__", None) or sys.argv[0]
    return Path(script).resolve().parent


@dataclass(frozen=True)
class Generated:
    """What one run of a folder's generator.py did to its tests/ folder."""

    written: dict[str, int]  # group ("sample", "secret") -> case files written
    new: list[str]
    changed: list[str]
    removed: list[str]  # cases of a group it writes that it wrote no more
    error: str | None = None  # the last line of the generator's stderr, when it failed

    def summary(self) -> str:
        counts = ", ".join(f"{n} {group}" for group, n in sorted(self.written.items()))
        unchanged = sum(self.written.values()) - len(self.new) - len(self.changed)
        return (
            f"wrote {counts or 'no'} cases into tests/ ({len(self.new)} new, "
            f"{len(self.changed)} changed, {unchanged} unchanged, {len(self.removed)} removed)"
        )


def run(folder: Path, timeout_s: float = 300) -> Generated:
    """Runs ``folder/generator.py`` with this interpreter (the one judge is installed in)
    in its folder, and tells which case files it wrote, added or changed.

    A group (tests/sample, tests/secret) the generator writes is its own: case files in
    it that it no longer writes are removed, since ``judge check`` fails on a secret case
    the generator does not write, and a renamed case would otherwise linger. A group it
    does not write (hand-written samples) is left alone.
    """
    tests = folder / "tests"
    before = {name: file.read_bytes() for name, file in _cases(tests).items()}
    # Written files are told by their mtime: set every old one to 0 first, so a rewrite
    # within the same clock tick still shows.
    times = {name: file.stat().st_mtime_ns for name, file in _cases(tests).items()}
    for file in _cases(tests).values():
        os.utime(file, ns=(0, 0))
    try:
        done = subprocess.run(
            [sys.executable, "generator.py"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    except subprocess.TimeoutExpired:
        done = subprocess.CompletedProcess([], 1, "", f"timed out after {timeout_s:g} s")
    finally:
        untouched = {n: f for n, f in _cases(tests).items() if f.stat().st_mtime_ns == 0}
        for name, file in untouched.items():
            os.utime(file, ns=(times[name], times[name]))
    if done.returncode != 0:
        error = done.stderr.strip().splitlines()
        return Generated({}, [], [], [], error[-1] if error else f"exit {done.returncode}")
    after = _cases(tests)
    written = [name for name in after if name not in untouched]
    groups: dict[str, int] = {}
    for name in written:
        group = name.split("/")[0]
        groups[group] = groups.get(group, 0) + 1
    removed = [name for name in untouched if name.split("/")[0] in groups]
    for name in removed:
        after[name].unlink()
    return Generated(
        written=groups,
        new=[name for name in written if name not in before],
        changed=[n for n in written if n in before and before[n] != after[n].read_bytes()],
        removed=[f"tests/{name}" for name in removed],
    )


def _cases(tests: Path) -> dict[str, Path]:
    """Case files by name relative to tests/ (``secret/01_x.json``)."""
    if not tests.is_dir():
        return {}
    return {file.relative_to(tests).as_posix(): file for file in sorted(tests.glob("*/*.json"))}
