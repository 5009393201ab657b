"""The problems folder: finding a problem by id or path, and listing them all."""

from __future__ import annotations

import threading
from pathlib import Path

from judge.problem import Problem, ProblemError, load_problem


def is_path(spec: str) -> bool:
    """A problem argument is a path when it looks like one or names a folder here: a
    local folder always wins over a library id, so the folder an author is editing is
    the one judged, never a same-named problem of the library."""
    return "/" in spec or spec in (".", "..") or Path(spec).is_dir()


def resolve(spec: str, problems_dir: Path) -> Path:
    """The folder a problem argument names, absolute: a path (see ``is_path``) as given,
    otherwise an id under the problems folder."""
    if is_path(spec):
        folder = Path(spec)
        if folder.is_dir():
            return folder.resolve()
        raise ProblemError(spec, None, "no such folder")
    by_id = problems_dir / spec
    if by_id.is_dir():
        return by_id.resolve()
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


class ProblemStore:
    """The loaded library, shared by the service; a new folder is picked up when asked for."""

    def __init__(self, problems_dir: Path):
        self.problems_dir = problems_dir
        self._lock = threading.Lock()
        self._problems: dict[str, Problem] = {}
        self._folders: set[str] = set()
        self.errors: list[ProblemError] = []
        self.reload()

    def reload(self) -> None:
        names = {p.name for p in folders(self.problems_dir)}
        problems, errors = load_all(self.problems_dir)
        with self._lock:
            self._problems = {p.id: p for p in problems}
            self._folders = names
            self.errors = errors

    def get(self, problem_id: str) -> Problem | None:
        problem = self._problems.get(problem_id)
        # Reload only for a folder not seen before: a known-broken one stays unknown
        # without costing a reload on every request for it.
        new_folder = problem_id not in self._folders
        if (
            problem is None
            and new_folder
            and (self.problems_dir / problem_id / "problem.yaml").is_file()
        ):
            self.reload()
            problem = self._problems.get(problem_id)
        return problem

    def all(self) -> list[Problem]:
        if {p.name for p in folders(self.problems_dir)} != self._folders:
            self.reload()
        return sorted(self._problems.values(), key=lambda p: p.id)
