"""A problem folder, read and validated into one ``Problem``.

Layout (see docs/problem-format.md):
  problem.yaml  statement.md  solution.py  [checker.py]  [generator.py]
  tests/sample/*.json  tests/secret/*.json  submissions/<verdict>/*.py

Anything malformed raises ``ProblemError`` (judge/errors.py) naming the file and the field, so a
problem author can fix it without reading the judge's code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from judge import signature
from judge.errors import ProblemError
from judge.metadata import PROBLEM_ID, CaseFile, CheckerKind, ComplexitySpec, ProblemMeta
from judge.verdicts import Verdict, reveals_nothing
from sandbox.job import AnswerLimit
from sandbox.protocol import containers_bound, values_bound

M = TypeVar("M", bound=BaseModel)


Group = Literal["sample", "secret", "custom"]  # custom: caller-given arguments, not compared


@dataclass(frozen=True)
class TestCase:
    """One test, held as compressed JSON: the library's big inputs cost the service
    a third of their JSON size in memory (see bench/), and they are encoded once."""

    __test__ = False  # not a pytest class

    id: str  # "secret/07_near_miss"
    group: Group
    names: tuple[str, ...]  # the function's parameter names, in order
    packed_args: bytes  # zlib of the positional arguments as one JSON array
    packed_expected: bytes  # zlib of the expected value's JSON
    answer_limit: AnswerLimit = field(default_factory=AnswerLimit)
    description: str | None = None

    @property
    def is_secret(self) -> bool:
        """Its result reveals nothing but verdict, message and time band
        (``judge.verdicts.reveals_nothing``)."""
        return reveals_nothing(self.group)

    @property
    def encoded_args(self) -> bytes:
        """The positional arguments as one JSON array, as the sandbox takes them."""
        return zlib.decompress(self.packed_args)

    @property
    def args(self) -> dict[str, Any]:
        return dict(zip(self.names, json.loads(self.encoded_args), strict=True))

    @property
    def expected(self) -> Any:
        return json.loads(zlib.decompress(self.packed_expected))


def answer_limit(expected_json: bytes) -> AnswerLimit:
    """How large an answer may be next to this expected one before the host stops reading
    it: generous multiples. A correct answer has the expected shape (its floats may print
    longer: 0.49999999999999994 for 0.5), so anything past it is wrong, and reading it
    would only cost the host."""
    return AnswerLimit(
        bytes=8 * len(expected_json) + (64 << 10),
        values=2 * values_bound(expected_json) + 1024,
        containers=2 * containers_bound(expected_json) + 64,
    )


def widest(limits: list[AnswerLimit]) -> AnswerLimit:
    """A limit for an answer nothing is expected of (a custom run): the folder's widest."""
    if not limits:
        return AnswerLimit()
    return AnswerLimit(
        bytes=max(limit.bytes for limit in limits),
        values=max(limit.values for limit in limits),
        containers=max(limit.containers for limit in limits),
    )


@dataclass(frozen=True)
class Problem:
    id: str
    path: Path
    meta: ProblemMeta
    statement: str
    tests: tuple[TestCase, ...]
    content_hash: str
    submissions: dict[Verdict, tuple[Path, ...]] = field(default_factory=dict)
    # For custom arguments, which expect nothing: the folder's widest (widest()).
    custom_answer_limit: AnswerLimit = field(default_factory=AnswerLimit)

    def with_tests(self, tests: tuple[TestCase, ...]) -> Problem:
        return dataclasses.replace(self, tests=tests)

    @property
    def samples(self) -> tuple[TestCase, ...]:
        return tuple(t for t in self.tests if t.group == "sample")

    @property
    def reference(self) -> Path:
        return self.path / "solution.py"

    @property
    def param_specs(self) -> tuple[signature.Spec, ...]:
        return tuple(signature.parse(p.type) for p in self.meta.function.params)


# The latest version parsed of each folder (with what it was checked against), the
# most recently loaded kept: far more folders than a library holds.
_PARSED: OrderedDict[Path, tuple[tuple[str, tuple[str, ...]], Problem]] = OrderedDict()
_PARSED_LOCK = threading.Lock()
KEEP_PARSED = 512


def load_problem(path: Path) -> Problem:
    """The folder's problem. One unchanged since this process last loaded it (the same
    content hash and folders) is not parsed again: the library's tests take seconds to
    check, and a service picking up one new folder reloads them all."""
    path = path.resolve()
    if not path.is_dir():
        raise ProblemError(path, None, "not a problem folder")
    digest, layout = content_hash(path), _layout(path)
    with _PARSED_LOCK:
        known = _PARSED.get(path)
    if layout is not None and known is not None and known[0] == (digest, layout):
        problem = known[1]
    else:
        problem = _parse(path, digest)
        # Kept only if the hash saw everything the parse read, and nothing changed
        # while it read: a mixed read must not outlive this call.
        if layout is None or content_hash(path) != digest:
            return problem
    with _PARSED_LOCK:
        _PARSED[path] = ((digest, layout), problem)
        _PARSED.move_to_end(path)
        while len(_PARSED) > KEEP_PARSED:
            _PARSED.popitem(last=False)
    return problem


def _layout(path: Path) -> tuple[str, ...] | None:
    """Every folder below ``path``, which the content hash does not see (an empty
    submissions/<verdict>/ matters); None when one is a symlink, whose files the parse
    reads but the hash does not."""
    folders = []
    for root, dirs, _ in os.walk(path):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        for name in dirs:
            folder = Path(root, name)
            if folder.is_symlink():
                return None
            folders.append(folder.relative_to(path).as_posix())
    return tuple(sorted(folders))


def _parse(path: Path, digest: str) -> Problem:
    problem_id = path.name
    if not PROBLEM_ID.match(problem_id):
        raise ProblemError(path, None, "folder name must match [a-z][a-z0-9_]*")
    meta = _load_meta(path / "problem.yaml")
    statement = read_text(path / "statement.md")
    if not statement.strip():
        raise ProblemError(path / "statement.md", None, "is empty")
    if not (path / "solution.py").is_file():
        raise ProblemError(path / "solution.py", None, "missing: every problem needs a reference")
    if meta.checker.kind is CheckerKind.custom and not (path / "checker.py").is_file():
        raise ProblemError(path / "checker.py", None, "missing, but problem.yaml asks for it")
    if meta.complexity:
        _check_ladder(path, meta.complexity)
    tests = _load_group(path, "sample", meta) + _load_group(path, "secret", meta)
    if not any(t.group == "secret" for t in tests):
        raise ProblemError(path / "tests" / "secret", None, "holds no test cases")
    return Problem(
        id=problem_id,
        path=path,
        meta=meta,
        statement=statement,
        tests=tests,
        content_hash=digest,
        submissions=_load_submissions(path),
        custom_answer_limit=widest([test.answer_limit for test in tests]),
    )


def _check_ladder(path: Path, spec: ComplexitySpec) -> None:
    file = path / "problem.yaml"
    if not (path / "generator.py").is_file():
        raise ProblemError(file, "complexity", "needs generator.py with ladder(n, rng)")


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file() and not _is_cache(p)):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _is_cache(path: Path) -> bool:
    return "__pycache__" in path.parts or path.suffix == ".pyc"


def read_text(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemError(file, None, "missing") from None
    except UnicodeDecodeError as exc:
        raise ProblemError(file, None, f"not UTF-8 ({exc.reason})") from None


def _load_meta(file: Path) -> ProblemMeta:
    try:
        data = yaml.safe_load(read_text(file))
    except yaml.YAMLError as exc:
        raise ProblemError(file, None, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ProblemError(file, None, "must be a mapping of fields")
    return validate(ProblemMeta, data, file)


def validate(model: type[M], data: Any, file: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or None
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ProblemError(file, where, error["msg"] + more) from None


def _load_group(path: Path, group: Group, meta: ProblemMeta) -> tuple[TestCase, ...]:
    folder = path / "tests" / group
    if not folder.is_dir():
        return ()
    returns = signature.parse(meta.function.returns)
    cases = []
    for file in sorted(folder.glob("*.json")):
        try:
            data = json.loads(read_text(file))
        except json.JSONDecodeError as exc:
            raise ProblemError(file, None, f"not valid JSON: {exc}") from None
        case = validate(CaseFile, data, file)
        if problem := signature.mismatch(case.expected, returns):
            raise ProblemError(file, "expected", problem)
        test = make_case(meta, f"{group}/{file.stem}", group, case.args, case.expected, file)
        cases.append(dataclasses.replace(test, description=case.description))
    return tuple(cases)


def make_case(
    meta: ProblemMeta,
    case_id: str,
    group: Group,
    args: dict[str, Any],
    expected: Any = None,
    file: Path | str = "args",
) -> TestCase:
    """A test case whose arguments are checked against the function's signature."""
    names = [p.name for p in meta.function.params]
    if sorted(args) != sorted(names):
        raise ProblemError(file, "args", f"must name exactly {names}, got {sorted(args)}")
    for param in meta.function.params:
        if problem := signature.mismatch(args[param.name], signature.parse(param.type)):
            raise ProblemError(file, f"args.{param.name}", problem)
    positional = [args[name] for name in names]
    expected_json = _json(expected)
    return TestCase(
        id=case_id,
        group=group,
        names=tuple(names),
        packed_args=zlib.compress(_json(positional), 1),
        packed_expected=zlib.compress(expected_json, 1),
        answer_limit=answer_limit(expected_json) if group != "custom" else AnswerLimit(),
    )


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _load_submissions(path: Path) -> dict[Verdict, tuple[Path, ...]]:
    root = path / "submissions"
    found: dict[Verdict, tuple[Path, ...]] = {}
    if not root.is_dir():
        return found
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            verdict = Verdict(folder.name)
        except ValueError:
            names = ", ".join(v.value for v in Verdict)
            raise ProblemError(folder, None, f"is not a verdict name ({names})") from None
        found[verdict] = tuple(sorted(folder.glob("*.py")))
    return found
