"""Complexity estimates on every shipped ladder: does each submission get its class?

    python -m bench.complexity                  # every ladder problem, 5 runs, idle
    python -m bench.complexity --load 1         # the same while another judge run goes on
    python -m bench.complexity --runs 1 --problems can_shift roc_auc

For each problem with a ladder, estimates the reference solution and each submission
the ladder lists (`complexity.submissions` in problem.yaml), ``--runs`` times, and
prints one row per submission: the median slope and its CI, the classes found, the
class it should have, and in how many runs the estimate matched it. With ``--load N``,
N background judges run a CPU- and memory-hungry submission back to back meanwhile
(bench.fairness.load), so the estimate shares the machine with another judge run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.fairness.load import Load, write_hog_problem
from judge import complexity
from judge.config import Settings
from judge.growth import Estimate, Growth
from judge.library import load_all
from judge.problem import Problem
from sandbox import Sandbox


def entries(problem: Problem) -> list[tuple[str, str, Growth]]:
    """(name, source, class it should show) for the reference and listed submissions."""
    spec = problem.meta.complexity
    assert spec is not None
    found = [("solution.py", problem.reference.read_text(), spec.expected)]
    for name, growth in spec.submissions.items():
        found.append((name, (problem.path / "submissions" / name).read_text(), growth))
    return found


def holds(found: Estimate, growth: Growth, expected: Growth, name: str) -> bool:
    """The reference's estimate contains its class; a slow one's contains its own and
    lies wholly above the reference's (as tests/judge/test_complexity_ladders.py asks)."""
    if name == "solution.py":
        return found.matches(growth)
    return found.matches(growth) and found.low is not None and found.low.rank > expected.rank


def run(problems: list[Problem], runs: int, sandbox: Sandbox) -> list[dict]:
    rows = []
    for problem in problems:
        assert problem.meta.complexity is not None
        expected = problem.meta.complexity.expected
        for name, source, growth in entries(problem):
            estimates: list[Estimate] = []
            spent = []
            for _ in range(runs):
                measured = complexity.measure(sandbox, problem, source)
                estimates.append(measured.estimate)
                spent.append(measured.cpu_s)
            slopes = [e.slope for e in estimates if e.slope is not None]
            cis = [e.slope_ci for e in estimates if e.slope_ci is not None]
            rows.append(
                {
                    "problem": problem.id,
                    "submission": name,
                    "should_be": growth.value,
                    "matched": sum(holds(e, growth, expected, name) for e in estimates),
                    "runs": runs,
                    "slope": statistics.median(slopes) if slopes else None,
                    "slope_ci": statistics.median(cis) if cis else None,
                    "classes": dict(Counter(e.class_text() for e in estimates)),
                    "cpu_s": statistics.median(spent),
                }
            )
            print(f"{problem.id} {name}: {rows[-1]['classes']}", file=sys.stderr)
    return rows


def render(rows: list[dict], title: str, console: Console) -> None:
    table = Table(title=title)
    for column in ("problem", "submission", "slope ± CI (median)", "classes found", "should be",
                   "matched", "CPU s"):  # fmt: skip
        table.add_column(column)
    for row in rows:
        slope = "-" if row["slope"] is None else f"{row['slope']:.2f} ± {row['slope_ci']:.2f}"
        classes = "; ".join(f"{text} (x{count})" for text, count in row["classes"].items())
        table.add_row(
            row["problem"], row["submission"], slope, classes, f"O({row['should_be']})",
            f"{row['matched']}/{row['runs']}", f"{row['cpu_s']:.1f}",
        )  # fmt: skip
    console.print(table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load", type=int, default=0, help="background judges (0: idle)")
    parser.add_argument("--problems", nargs="*", help="problem ids (default: every ladder)")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    settings = Settings()
    loaded, _ = load_all(settings.problems_dir)
    library = [p for p in loaded if p.meta.complexity is not None]
    if args.problems:
        library = [p for p in library if p.id in args.problems]
    console = Console()
    sandbox = Sandbox(settings.runner_image)
    load_sandbox = Sandbox(settings.runner_image) if args.load else None
    load = None
    started = time.monotonic()
    try:
        if load_sandbox is not None:
            hog = write_hog_problem(Path(tempfile.mkdtemp(prefix="complexity-load-")))
            load = Load(load_sandbox, hog, args.load)
            load.start()
        rows = run(library, args.runs, sandbox)
    finally:
        report = load.stop() if load is not None else None
        sandbox.close()
        if load_sandbox is not None:
            load_sandbox.close()
    condition = "idle" if report is None else (
        f"{args.load} background judge(s), load average up to {report.loadavg_max:.1f}, "
        f"CPU busy {report.cpu_busy:.0%}"
    )  # fmt: skip
    render(rows, f"complexity estimates, {args.runs} runs each, {condition}", console)
    console.print(f"{time.monotonic() - started:.0f} s in all")
    if args.json:
        args.json.write_text(json.dumps({"condition": condition, "rows": rows}, indent=2))
    missed = [row for row in rows if row["matched"] * 5 < row["runs"] * 4]
    for row in missed:
        console.print(f"[red]below 4 in 5:[/] {row['problem']} {row['submission']}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
