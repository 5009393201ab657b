"""``judge check``: proves a problem folder is sound before solvers see it.

A folder passes when its files parse, its generator reproduces the committed
cases, its reference solution is accepted with room under the time limit, every
known submission gets exactly the verdict its folder names, and every rule the
statement sets is pinned by a secret test that a known-wrong submission fails.

Nothing here may depend on the machine it runs on: generated answers are
compared under the problem's own checker, since numpy picks different SIMD and
BLAS kernels per CPU and computed floats differ in their last bits.
"""

from __future__ import annotations

import filecmp
import json
import math
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judge import checkers, complexity
from judge.judging import Judge
from judge.metadata import CheckerKind
from judge.problem import Problem, ProblemError, load_problem
from judge.rules import load_rules, quote, rule_problem
from judge.verdicts import Judgement, Verdict

# The time limit must be at least this many times the reference's slowest test,
# and ACCEPTED_MARGIN times that of every known-accepted submission: a solution
# that passes only on a quiet machine makes the verdict depend on luck.
TIME_LIMIT_MARGIN = 3.0
ACCEPTED_MARGIN = 2.0

# A folder without rules.yaml fails the check. Switch off only while the library
# is being given its rules files.
RULES_REQUIRED = True
MISSING_RULES = "no rules.yaml: list the statement's rules and the tests that pin them"

_SHOWN_PROBLEMS = 3  # per finding; the rest are counted


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str


@dataclass
class Report:
    path: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.findings) and all(f.ok for f in self.findings)

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.findings.append(Finding(name, ok, detail))


def check_problem(
    path: Path, judge: Judge, progress: Callable[[Finding], None] = lambda _: None
) -> Report:
    report = Report(path)

    def add(name: str, ok: bool, detail: str) -> None:
        report.add(name, ok, detail)
        progress(report.findings[-1])

    try:
        problem = load_problem(path)
    except ProblemError as exc:
        add("schema", False, str(exc))
        return report
    add(
        "schema",
        True,
        f"{len(problem.samples)} sample and "
        f"{len(problem.tests) - len(problem.samples)} secret tests",
    )
    if (path / "generator.py").is_file():
        add("generator", *generator_reproduces(problem))
    if problem.meta.complexity is not None:
        add("complexity ladder", *_ladder_is_sound(problem))

    reference = judge.judge(problem, problem.reference.read_text())
    add("reference", *_reference_is_accepted(problem, reference))

    judgements: dict[str, Judgement] = {}
    for expected, files in problem.submissions.items():
        for file in files:
            got = judge.judge(problem, file.read_text(encoding="utf-8"))
            name = f"submissions/{expected.value}/{file.name}"
            judgements[name] = got
            detail = got.verdict.value + (f" ({got.message})" if got.message else "")
            ok = got.verdict is expected
            if ok and expected is Verdict.accepted:
                ok, detail = _fits_in(problem, got, ACCEPTED_MARGIN)
            add(name, ok, detail)
    wrong = sum(len(files) for v, files in problem.submissions.items() if v is not Verdict.accepted)
    if wrong == 0:
        add("submissions", False, "no known-wrong submissions: add some under submissions/")
    for finding in rules_findings(problem, judgements):
        add(finding.name, finding.ok, finding.detail)
    return report


def _ladder_is_sound(problem: Problem) -> tuple[bool, str]:
    """The ladder's inputs can be made, and each submission it names is a shipped
    accepted one (an estimate is only made after an accepted verdict)."""
    spec = problem.meta.complexity
    assert spec is not None
    accepted = {f"accepted/{file.name}" for file in problem.submissions.get(Verdict.accepted, ())}
    unknown = sorted(set(spec.submissions) - accepted)
    if unknown:
        return False, f"complexity.submissions names no accepted submission: {', '.join(unknown)}"
    try:
        ladder = complexity.ladder_of(problem)
    except ProblemError as exc:
        return False, str(exc)
    return True, f"{len(ladder.cases)} sizes, {spec.sizes[0]} to {spec.sizes[-1]}"


def _reference_is_accepted(problem: Problem, judgement: Judgement) -> tuple[bool, str]:
    if judgement.verdict is not Verdict.accepted:
        return False, f"{judgement.verdict.value}: {judgement.message}"
    return _fits_in(problem, judgement, TIME_LIMIT_MARGIN)


def _fits_in(problem: Problem, judgement: Judgement, required: float) -> tuple[bool, str]:
    slowest = judgement.max_time_ms  # CPU time; secret tests show none of their own
    limit_ms = problem.meta.limits.time_s * 1000
    margin = limit_ms / slowest if slowest else math.inf
    detail = (
        f"accepted; slowest test {slowest:.1f} ms, limit {limit_ms:.0f} ms "
        f"({floor_ratio(margin)}x, at least {required:g}x required)"
    )
    return margin >= required, detail


def floor_ratio(ratio: float) -> str:
    """The ratio to one decimal, rounded down: a margin short of its bound never reads as
    reaching it (2.96 is "2.9", not "3.0")."""
    if math.isinf(ratio):
        return "inf"
    shown = math.floor(ratio * 10) / 10
    if shown > ratio:  # ratio * 10 rounded up to a whole number
        shown = (math.floor(ratio * 10) - 1) / 10
    return f"{shown:.1f}"


# generator


def generator_reproduces(problem: Problem) -> tuple[bool, str]:
    """Runs generator.py into a fresh folder and compares with tests/secret: the same
    files, the same arguments exactly, answers equal under the problem's checker."""
    secret = problem.path / "tests" / "secret"
    kind = problem.meta.checker.kind
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [sys.executable, "generator.py", out],
            cwd=problem.path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            return False, f"generator.py failed: {result.stderr.strip()[-500:]}"
        generated = {p.name for p in Path(out).iterdir() if p.is_file()}
        committed = {p.name for p in secret.iterdir() if p.is_file()}
        problems = [
            f"tests/secret/{name} is committed but generator.py does not write it"
            for name in sorted(committed - generated)
        ] + [
            f"generator.py writes {name}, missing from tests/secret/"
            for name in sorted(generated - committed)
        ]
        for name in sorted(generated & committed):
            if name.endswith(".json"):
                problems += _case_differences(problem, name, Path(out, name), secret / name)
            elif not filecmp.cmp(Path(out, name), secret / name, shallow=False):
                problems.append(f"tests/secret/{name} differs from generator.py's output")
    if problems:
        return False, _summary(problems)
    return True, (
        f"generator.py reproduces its {len(generated)} cases "
        f"(inputs exactly, answers under the {kind.value} checker)"
    )


def _case_differences(problem: Problem, name: str, generated: Path, committed: Path) -> list[str]:
    case_id = f"secret/{Path(name).stem}"
    try:
        made = json.loads(generated.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return [f"{case_id}: generator.py wrote invalid JSON ({exc})"]
    if not isinstance(made, dict) or not {"args", "expected"} <= made.keys():
        return [f"{case_id}: generator.py wrote no args and expected"]
    kept = json.loads(committed.read_text(encoding="utf-8"))  # load_problem parsed it
    if where := first_difference(kept["args"], made["args"], _identical, "args"):
        return [f"{case_id}: input differs at {where}"]
    case = next((t for t in problem.tests if t.id == case_id), None)
    if case is None:
        return [f"{case_id}: tests/secret/{name} changed while the folder was checked"]
    try:
        check = checkers.for_problem(problem)(case, made["expected"])
    except (checkers.CheckerCrashed, ProblemError) as exc:
        return [f"{case_id}: the checker failed on the generated answer: {exc}"]
    if check.ok:
        return []
    spec = problem.meta.checker
    numbers = {
        CheckerKind.exact: lambda e, a: e == a,
        CheckerKind.float: checkers.tolerance(spec),
    }.get(spec.kind)
    where = None
    if numbers is not None:
        where = first_difference(kept["expected"], made["expected"], numbers, "expected")
    why = f" at {where}" if where else (f" ({check.message})" if check.message else "")
    return [f"{case_id}: answer differs under the {spec.kind.value} checker{why}"]


def _identical(expected: float, actual: float) -> bool:
    """The same JSON number: 1 is not 1.0, -0.0 is not 0.0, NaN is NaN."""
    return type(expected) is type(actual) and repr(expected) == repr(actual)


def first_difference(
    expected: Any, actual: Any, numbers: Callable[[Any, Any], bool], path: str
) -> str | None:
    """Where two JSON values first differ, as ``path: committed X, generated Y``; None when
    they are equal with numbers compared by ``numbers`` (the walk of checkers.equal)."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        same = type(expected) is type(actual) and expected == actual
    elif isinstance(expected, int | float) and isinstance(actual, int | float):
        same = numbers(expected, actual)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: committed {len(expected)} items, generated {len(actual)}"
        for index, (e, a) in enumerate(zip(expected, actual, strict=True)):
            if where := first_difference(e, a, numbers, f"{path}[{index}]"):
                return where
        return None
    elif isinstance(expected, dict) and isinstance(actual, dict):
        if expected.keys() != actual.keys():
            keys = sorted(expected.keys() ^ actual.keys())
            return f"{path}: keys differ ({', '.join(map(str, keys[:5]))})"
        for key in expected:
            if where := first_difference(expected[key], actual[key], numbers, f"{path}.{key}"):
                return where
        return None
    else:
        same = type(expected) is type(actual) and expected == actual
    return None if same else f"{path}: committed {_short(expected)}, generated {_short(actual)}"


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _summary(problems: list[str]) -> str:
    more = len(problems) - _SHOWN_PROBLEMS
    return "; ".join(problems[:_SHOWN_PROBLEMS]) + (f" (and {more} more)" if more > 0 else "")


def rules_findings(problem: Problem, judgements: dict[str, Judgement]) -> list[Finding]:
    """One passing "rules" finding, or one failing finding per broken rule.

    ``judgements`` are those check_problem already made, keyed by
    ``submissions/<verdict>/<file>``: nothing is judged twice.
    """
    try:
        rules = load_rules(problem.path)
    except ProblemError as exc:
        return [Finding("rules", False, str(exc))]
    if rules is None:
        return [Finding("rules", not RULES_REQUIRED, MISSING_RULES)]
    case_ids = {t.id for t in problem.tests}
    broken = [
        Finding(f"rule {index}", False, f"{quote(rule.rule)}: {problem_}")
        for index, rule in enumerate(rules, 1)
        if (problem_ := rule_problem(problem, rule, case_ids, judgements))
    ]
    if broken:
        return broken
    count = f"{len(rules)} rule" + ("s" if len(rules) > 1 else "")
    return [
        Finding(
            "rules",
            True,
            f"{count}, each pinned by a secret test and rejected by its wrong submission",
        )
    ]
