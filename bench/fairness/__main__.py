"""Load stability: do verdicts and CPU times hold while other heavy runs share the machine?

    python -m bench.fairness                        # every problem, 5 repeats, 4 hogs
    python -m bench.fairness --problems can_shift   # a few problems
    python -m bench.fairness --smoke                # 2 problems, 2 repeats, 2 hogs

Judges every shipped submission idle, the accepted ones again to see the idle
spread, then everything again while hogs burn CPU and memory bandwidth; prints
per-problem figures and each goal (issue 12) with PASS/FAIL, and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.fairness.measure import SMOKE, Plan, goals, measure
from judge.config import Settings
from judge.library import load_all, resolve
from judge.problem import Problem, load_problem
from sandbox.container import Sandbox

REPO = Path(__file__).resolve().parents[2]


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def render(f: dict, console: Console) -> None:
    table = Table(title=f"load stability: per problem (loaded with {f['load']['threads']} hogs)")
    for column in ("problem", "judged", "accepted", "flips", "off-folder", "idle spread worst",
                   "loaded/idle median", "loaded/idle worst"):  # fmt: skip
        table.add_column(column, justify="left" if column == "problem" else "right")
    for p in f["per_problem"]:
        table.add_row(
            p["problem"], str(p["judged"]), str(p["accepted"]), str(p["flips"]),
            str(p["unexpected"]), _num(p["spread_worst"]), _num(p["ratio_median"]),
            _num(p["ratio_worst"]),
        )  # fmt: skip
    console.print(table)
    if f["flipped"]:
        flips = Table(title="verdict flips idle -> loaded")
        for column in ("problem", "submission", "idle", "loaded"):
            flips.add_column(column)
        for flip in f["flipped"]:
            flips.add_row(flip["problem"], flip["submission"], flip["idle"], str(flip["loaded"]))
        console.print(flips)
    load = f["load"]
    overall = Table(title="overall")
    overall.add_column("figure")
    overall.add_column("value", justify="right")
    floor = f["floor"]
    rows = [
        ("times compared", "slowest test's CPU time"),
        ("  floored at (for ratios)", f"{floor['share_of_limit']:.0%} of the limit, "
         f">= {floor['min_ms']:g} ms"),
        ("submissions judged (idle, then loaded)", str(f["judged"])),
        ("verdict flips idle -> loaded", str(f["flips"])),
        ("idle spread max/min: median / worst", f"{_num(f['spread_median'])} / "
         f"{_num(f['spread_max'])}"),
        ("loaded/idle: median / worst", f"{_num(f['ratio_median'])} / {_num(f['ratio_worst'])}"),
        ("memory bomb under load", f["memory_bomb"]["verdict"]),
        ("load: 1-min loadavg before / mean / max", f"{load['loadavg_before']:.2f} / "
         f"{load['loadavg_mean']:.2f} / {load['loadavg_max']:.2f}"),
        ("load: host CPUs busy", f"{load['cpu_busy']:.0%} of {load['host_cpus']}"),
        ("load: hog runs (verdicts)", f"{load['runs']} "
         f"({', '.join(f'{k} {v}' for k, v in sorted(load['verdicts'].items())) or '-'})"),
    ]  # fmt: skip
    if f["judge_errors"]:
        rows.append(("runs the sandbox failed (judge_error)", str(f["judge_errors"])))
    if load["errors"]:
        rows.append(("load: hog runs that failed", str(len(load["errors"]))))
    for row in rows:
        overall.add_row(*row)
    console.print(overall)
    verdicts = Table(title="goals")
    for column in ("goal", "measured", "bound", "met"):
        verdicts.add_column(column)
    for name, measured, bound, met in goals(f):
        verdicts.add_row(name, measured, bound, "PASS" if met else "FAIL")
    console.print(verdicts)


def load_problems(ids: tuple[str, ...] | None, problems_dir: Path, say) -> list[Problem]:
    if ids is not None:
        return [load_problem(resolve(spec, problems_dir)) for spec in ids]
    problems, errors = load_all(problems_dir)
    for error in errors:
        say(f"[yellow]skipped, does not load:[/] {error}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fairness", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--smoke", action="store_true", help="2 problems, 2 repeats, 2 hogs")
    parser.add_argument("--problems", help="comma-separated problem ids (default: all)")
    parser.add_argument("--repeats", type=int, help="idle repeats of the accepted (default 5)")
    parser.add_argument("--load", type=int, help="hog runs at once (default 4)")
    parser.add_argument("--json", type=Path, help="where to write the figures")
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else Plan()
    changes = {
        "problems": tuple(args.problems.split(",")) if args.problems else None,
        "repeats": args.repeats,
        "load": args.load,
    }
    plan = Plan(**{**plan.__dict__, **{k: v for k, v in changes.items() if v is not None}})
    console = Console(stderr=True)

    def say(text: str) -> None:
        console.log(text)

    settings = Settings()
    problems = load_problems(plan.problems, settings.problems_dir, say)
    if not problems:
        say("no problems to judge")
        return 1
    sandbox = Sandbox(settings.runner_image, pool_size=plan.pool_size)
    try:
        figures = measure(sandbox, problems, plan, say)
    finally:
        sandbox.close()
    results = goals(figures)
    figures["goals"] = [
        {"goal": name, "measured": measured, "bound": bound, "met": met}
        for name, measured, bound, met in results
    ]
    out_console = Console()
    if not out_console.is_terminal:  # piped or captured: wide enough for every column
        out_console = Console(width=max(out_console.width, 120))
    render(figures, out_console)
    out = args.json or REPO / "var" / f"fairness-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    say(f"figures written to {out}")
    return 0 if all(met for *_, met in results) else 1


if __name__ == "__main__":
    sys.exit(main())
