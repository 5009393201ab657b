"""The problems folder: finding a problem by id or path, and listing them all."""

from __future__ import annotations

from pathlib import Path

from judge.problem import Problem, ProblemError, load_problem


def resolve(spec: str, problems_dir: Path) -> Path:
    """A problem id under the problems folder, or a path to a problem folder."""
    by_id = problems_dir / spec
    if "/" not in spec and by_id.is_dir():
        return by_id
    as_path = Path(spec)
    if as_path.is_dir():
        return as_path
    known = ", ".join(p.name for p in folders(problems_dir)) or "none"
    raise ProblemError(spec, None, f"no such problem id or folder (known ids: {known})")


def folders(problems_dir: Path) -> list[Path]:
    if not problems_dir.is_dir():
        return []
    return sorted(p for p in problems_dir.iterdir() if (p / "problem.yaml").is_file())


def load_all(problems_dir: Path) -> tuple[list[Problem], list[ProblemError]]:
    """Every loadable problem, and the errors of the others: one bad folder hides no good one."""
    problems, errors = [], []
    for folder in folders(problems_dir):
        try:
            problems.append(load_problem(folder))
        except ProblemError as exc:
            errors.append(exc)
    return problems, errors
