"""``judge check``: proves a problem folder is sound before solvers see it.

A folder passes when its files parse, its generator reproduces the committed
cases, its reference solution is accepted with room under the time limit, and
every known submission gets exactly the verdict its folder names.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from judge.judging import Judge
from judge.problem import Problem, ProblemError, load_problem
from judge.verdicts import Judgement, Verdict

# The time limit must be at least this many times the reference's slowest test,
# and ACCEPTED_MARGIN times that of every known-accepted submission: a solution
# that passes only on a quiet machine makes the verdict depend on luck.
TIME_LIMIT_MARGIN = 3.0
ACCEPTED_MARGIN = 2.0


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
        add("generator", *_generator_reproduces(problem))

    reference = judge.judge(problem, problem.reference.read_text())
    add("reference", *_reference_is_accepted(problem, reference))

    for expected, files in problem.submissions.items():
        for file in files:
            got = judge.judge(problem, file.read_text(encoding="utf-8"))
            name = f"submissions/{expected.value}/{file.name}"
            detail = got.verdict.value + (f" ({got.message})" if got.message else "")
            ok = got.verdict is expected
            if ok and expected is Verdict.accepted:
                ok, detail = _fits_in(problem, got, ACCEPTED_MARGIN)
            add(name, ok, detail)
    wrong = sum(len(files) for v, files in problem.submissions.items() if v is not Verdict.accepted)
    if wrong == 0:
        add("submissions", False, "no known-wrong submissions: add some under submissions/")
    return report


def _reference_is_accepted(problem: Problem, judgement: Judgement) -> tuple[bool, str]:
    if judgement.verdict is not Verdict.accepted:
        return False, f"{judgement.verdict.value}: {judgement.message}"
    return _fits_in(problem, judgement, TIME_LIMIT_MARGIN)


def _fits_in(problem: Problem, judgement: Judgement, required: float) -> tuple[bool, str]:
    slowest = max((t.time_ms or 0.0) for t in judgement.tests)
    limit_ms = problem.meta.limits.time_s * 1000
    margin = limit_ms / slowest if slowest else float("inf")
    detail = (
        f"accepted; slowest test {slowest:.1f} ms, limit {limit_ms:.0f} ms "
        f"({margin:.1f}x, at least {required:g}x required)"
    )
    return margin >= required, detail


def _generator_reproduces(problem: Problem) -> tuple[bool, str]:
    secret = problem.path / "tests" / "secret"
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
        generated = sorted(p.name for p in Path(out).glob("*.json"))
        stale = [
            name
            for name in generated
            if not (secret / name).exists()
            or not filecmp.cmp(Path(out, name), secret / name, False)
        ]
        if stale:
            return False, f"committed cases differ from generator.py's output: {stale[:5]}"
    return True, f"generator.py reproduces its {len(generated)} cases byte for byte"
