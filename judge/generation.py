"""Helpers for a problem's ``generator.py``: seeded cases in, committed JSON files out.

A generator defines its cases and calls ``main``::

    from judge.generation import main
    from solution import rolling_mean

    def secret(rng):                      # name -> arguments
        return {"01_one_value": {"xs": [1.0], "k": 1}, ...}

    if __name__ == "__main__":
        main(rolling_mean, secret, samples={"1_basic": {...}}, seed=7)

``python generator.py`` writes tests/sample and tests/secret; ``python generator.py
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
import random
import sys
from collections.abc import Callable
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
) -> None:
    cases = secret(random.Random(seed))
    if len(sys.argv) > 1:
        write(Path(sys.argv[1]), cases, solve)
        return
    write(Path("tests/secret"), cases, solve)
    if samples:
        write(Path("tests/sample"), samples, solve)
