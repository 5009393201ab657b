"""Every exception the judge raises on purpose, in one tree under ``JudgeError``.

- ``ProblemError``: a problem folder is malformed or cannot be used (a file, a field,
  a ``checker.py`` that fails to import, an id the library does not know). Raised
  while loading, so the message names the file and the field for its author.
- ``CheckerCrashed``: a custom checker raised or answered nonsense while judging:
  the judge's failure (internal_error), never the solver's.
- ``ScaffoldError``: ``judge new`` cannot write a problem (a bad id, a folder exists).
- ``TypeSyntaxError``: an annotation in problem.yaml is not one the judge supports;
  also a ``ValueError``, so pydantic reports it as the field's validation error.

``except JudgeError`` therefore separates what the project raises about its input
from its own bugs. The sandbox below keeps its own root, ``SandboxError``: it cannot
import the judge, and its errors mean "the judge could not run", which callers tell
apart anyway (``judge`` exits 3, a worker re-queues).

The service's exceptions (``ApiError``, ``WorkerSetupError``, ``DatabaseError``,
``KeyProblem``, ``CallbackRefused``) derive from ``JudgeError`` directly rather than
from a root of the service's own: they are few, each belongs to the one module that
raises it and is caught by name, and a service root would need a module every api
module imports (api/errors.py brings FastAPI with it). One root for the whole program
is what a caller needs: ``except JudgeError`` is "ours, expected", anything else a bug.
"""

from __future__ import annotations

from pathlib import Path


class JudgeError(Exception):
    """The root: something this project raises on purpose, with a message for people."""


class ProblemError(JudgeError):
    def __init__(self, file: Path | str, field: str | None, message: str):
        self.file, self.field, self.message = str(file), field, message
        where = f"{self.file}: {field}" if field else self.file
        super().__init__(f"{where}: {message}")


class CheckerCrashed(JudgeError):
    """A custom checker raised or answered nonsense: the judge's failure, not the solver's."""


class ScaffoldError(JudgeError):
    """A new problem cannot be written: a bad id or a folder that exists."""


class TypeSyntaxError(JudgeError, ValueError):
    """A type annotation the judge cannot parse or does not support."""
