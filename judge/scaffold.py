"""``judge new``: a complete problem folder that passes ``judge check`` as written.

An author who starts from a folder that already passes changes one thing at a time
and sees at once what broke, instead of copying a shipped problem and deleting
until it loads. The templates live here, in one place, as the smallest real
problem that uses every part the library requires (problem.yaml, a statement with
the library's sections, a seeded generator, a reference solution, one accepted
and one wrong submission, and the rules.yaml that ``judge check`` demands), so a
test can prove the skeleton passes whenever the format changes.
"""

from __future__ import annotations

import keyword
import shutil
from pathlib import Path

from judge.errors import ScaffoldError
from judge.metadata import PROBLEM_ID


def check_id(problem_id: str) -> None:
    if not PROBLEM_ID.match(problem_id):
        raise ScaffoldError(
            f"bad problem id {problem_id!r}: use lower-case letters, digits and _, "
            "starting with a letter (like can_shift)"
        )
    if keyword.iskeyword(problem_id):
        raise ScaffoldError(f"bad problem id {problem_id!r}: a Python keyword names no function")


def target(problem_id: str, parent: Path) -> Path:
    """The new folder, refused if it exists: nothing an author wrote is overwritten."""
    check_id(problem_id)
    folder = parent / problem_id
    if folder.exists():
        raise ScaffoldError(f"{folder} exists already: pick another id, or remove it first")
    return folder


def create(problem_id: str, parent: Path) -> Path:
    """Writes the skeleton's files (not its tests: the generator writes those)."""
    folder = target(problem_id, parent)
    files = {
        name: text.replace("FUNCTION", problem_id).replace("TITLE", title(problem_id))
        for name, text in TEMPLATES.items()
    }
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def copy(source: Path, problem_id: str, parent: Path) -> Path:
    """A copy of ``source`` under a new id. The id is the folder's name and nothing in a
    folder repeats it (generators print their folder's name), so only the folder is
    renamed; the function keeps its name."""
    folder = target(problem_id, parent)
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return folder


def title(problem_id: str) -> str:
    return " ".join(word.capitalize() for word in problem_id.split("_") if word)


PROBLEM_YAML = """\
title: TITLE
difficulty: easy                  # easy | medium | hard
tags: [warm-up]
function:
  name: FUNCTION
  params:
    - {name: xs, type: "list[int]"}
  returns: int
limits:
  time_s: 1.0                     # CPU time per test; judge check proves the reference fits 3x
  memory_mb: 256
checker:
  kind: exact                     # exact | unordered | float | custom
"""

STATEMENT = """\
# TITLE

Return the sum of the positive numbers in `xs`. Zero and negative numbers do
not count, so a list with no positive number gives `0`.

```python
def FUNCTION(xs: list[int]) -> int:
```

## Constraints

- `0 <= len(xs) <= 100000` and `-10**9 <= xs[i] <= 10**9`.
- Time limit: 1 second per test. Memory limit: 256 MB.

## Examples

| `xs` | result | why |
|---|---|---|
| `[1, -2, 3]` | `4` | `-2` does not count |
| `[-5, 0]` | `0` | no positive number |
"""

SOLUTION = """\
def FUNCTION(xs: list[int]) -> int:
    return sum(x for x in xs if x > 0)
"""

GENERATOR = '''\
"""Writes the cases of FUNCTION (see judge.generation): `judge generate` runs it."""

import sys
from pathlib import Path

try:
    from judge.generation import main
except ModuleNotFoundError:  # a python without judge (not the project's venv): say how
    here = Path(__file__).resolve().parent
    sys.exit(
        f"{here}/generator.py needs the judge package: run `judge generate {here.name}`"
        " (or run this file with the project's .venv/bin/python)"
    )

from solution import FUNCTION


def secret(rng):
    """Case name -> arguments; answers come from solution.py. Seeded: same files each run."""
    return {
        "01_empty": {"xs": []},
        "02_only_negatives": {"xs": [-3, -1, -7]},
        "03_zeros": {"xs": [0, 0, 0]},
        "04_mixed": {"xs": [5, -2, 0, 7, -9]},
        "05_random": {"xs": [rng.randint(-100, 100) for _ in range(1000)]},
        "06_largest": {"xs": [rng.randint(-(10**9), 10**9) for _ in range(100000)]},
    }


SAMPLES = {
    "1_basic": {"xs": [1, -2, 3]},
    "2_no_positive": {"xs": [-5, 0]},
}

if __name__ == "__main__":
    main(FUNCTION, secret, SAMPLES, seed=1)
'''

RULES = """\
# Every rule the statement states, the secret tests that pin it, and a wrong submission
# (in submissions/wrong_answer/) that ignores it.
- rule: Zero and negative numbers do not count.
  tests: [secret/02_only_negatives, secret/04_mixed]
  wrong: counts_negatives.py
"""

ACCEPTED = """\
def FUNCTION(xs):
    total = 0
    for x in xs:
        total += max(x, 0)
    return total
"""

WRONG = '''\
"""Ignores the rule that negative numbers do not count."""


def FUNCTION(xs):
    return sum(xs)
'''

TEMPLATES = {
    "problem.yaml": PROBLEM_YAML,
    "statement.md": STATEMENT,
    "solution.py": SOLUTION,
    "generator.py": GENERATOR,
    "rules.yaml": RULES,
    "submissions/accepted/loop.py": ACCEPTED,
    "submissions/wrong_answer/counts_negatives.py": WRONG,
}
