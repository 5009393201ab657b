"""The passes: every shipped submission judged idle, the accepted ones again and again,
then everything once more under load; and the figures drawn from them.

A submission's time is its slowest test's CPU time (``max_time_ms``; before the
judge reported it, the largest per-test ``time_ms``). Its idle time is the median
of all its idle runs; its spread is max/min over the repeats alone. Ratios are
taken of times floored at 1 % of the time limit (see FLOOR_SHARE).
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.fairness.load import MEMORY_BOMB, Load, write_hog_problem
from judge.judging import Judge
from judge.problem import Problem
from judge.verdicts import Judgement, Verdict
from sandbox.container import Sandbox, SandboxError

# Slowest-test times are floored before taking ratios, at 1 % of the problem's time
# limit (and at least 1 ms): below that, jitter is the whole ratio and can flip nothing.
FLOOR_SHARE = 0.01
FLOOR_MS = 1.0
JUDGE_ERROR = "judge_error"


@dataclass(frozen=True)
class Plan:
    problems: tuple[str, ...] | None = None  # None: every problem in the library
    repeats: int = 5
    load: int = 4
    pool_size: int = 2  # warm containers per shape, as the service keeps


SMOKE = Plan(problems=("can_shift", "softmax"), repeats=2, load=2)


@dataclass
class Entry:
    """One shipped submission and what became of it."""

    problem: Problem
    name: str  # "solution.py", "accepted/zip_words.py", ...
    expected: Verdict
    source: str
    idle: list[tuple[str, float]] = field(default_factory=list)  # (verdict, ms) per run
    loaded: tuple[str, float] | None = None

    @property
    def steady(self) -> bool:
        """The reference and the accepted ones: their times are what the ratios are about."""
        return self.name == "solution.py" or self.name.startswith("accepted/")

    @property
    def floor_ms(self) -> float:
        return max(FLOOR_MS, FLOOR_SHARE * self.problem.meta.limits.time_s * 1000)

    @property
    def idle_ms(self) -> float | None:
        return _median(ms for verdict, ms in self.idle if verdict != JUDGE_ERROR)

    @property
    def spread(self) -> float | None:
        repeats = [max(ms, self.floor_ms) for v, ms in self.idle[1:] if v != JUDGE_ERROR]
        return max(repeats) / min(repeats) if len(repeats) >= 2 else None

    @property
    def ratio(self) -> float | None:
        if not self.steady or self.loaded is None or self.loaded[0] == JUDGE_ERROR:
            return None
        if self.idle_ms is None:
            return None
        return max(self.loaded[1], self.floor_ms) / max(self.idle_ms, self.floor_ms)

    @property
    def flipped(self) -> bool:
        return self.loaded is not None and bool(self.idle) and self.loaded[0] != self.idle[0][0]

    def as_dict(self) -> dict:
        return {
            "problem": self.problem.id,
            "submission": self.name,
            "expected": self.expected.value,
            "idle_verdict": self.idle[0][0] if self.idle else None,
            "idle_runs_ms": [ms for _, ms in self.idle],
            "idle_ms": self.idle_ms,
            "floor_ms": self.floor_ms,
            "spread": self.spread,
            "loaded_verdict": self.loaded[0] if self.loaded else None,
            "loaded_ms": self.loaded[1] if self.loaded else None,
            "ratio": self.ratio,
            "flipped": self.flipped,
        }


def entries_of(problem: Problem) -> list[Entry]:
    files = [("solution.py", Verdict.accepted, problem.reference)]
    for verdict in sorted(problem.submissions, key=lambda v: (v is not Verdict.accepted, v)):
        files += [(f"{verdict.value}/{f.name}", verdict, f) for f in problem.submissions[verdict]]
    return [Entry(problem, name, expected, file.read_text()) for name, expected, file in files]


def slowest_ms(judgement: Judgement) -> float:
    return judgement.max_time_ms


def run_one(judge: Judge, problem: Problem, source: str) -> tuple[str, float]:
    try:
        judgement = judge.judge(problem, source)
    except SandboxError:  # recorded, not fatal: a long run should not die of one hiccup
        return JUDGE_ERROR, 0.0
    return judgement.verdict.value, slowest_ms(judgement)


def measure(sandbox: Sandbox, problems: list[Problem], plan: Plan, say: Callable) -> dict:
    judge = Judge(sandbox)
    entries = [entry for problem in problems for entry in entries_of(problem)]
    steady = [e for e in entries if e.steady]
    # Not measured: the pool's first containers and the first imports of the caches.
    run_one(judge, problems[0], entries[0].source)

    say(f"idle pass: {len(entries)} submissions of {len(problems)} problems")
    for entry in entries:
        entry.idle.append(run_one(judge, entry.problem, entry.source))
    for round_ in range(plan.repeats):
        say(f"idle repeat {round_ + 1}/{plan.repeats}: {len(steady)} accepted submissions")
        for entry in steady:
            entry.idle.append(run_one(judge, entry.problem, entry.source))

    with tempfile.TemporaryDirectory(prefix="pyjudge-fairness-") as workdir:
        hog = write_hog_problem(Path(workdir))
        load_sandbox = Sandbox(sandbox.image_id, client=sandbox.client)
        try:
            load = Load(load_sandbox, hog, plan.load)
            say(f"loaded pass: {plan.load} hog runs at once, the same {len(entries)} submissions")
            load.start()
            try:
                for entry in entries:
                    entry.loaded = run_one(judge, entry.problem, entry.source)
                say("memory bomb (400 MB against 256 MB) under the load")
                bomb = judge.judge(hog, MEMORY_BOMB)
            finally:
                say("waiting for the hogs' last runs")
                report = load.stop()
        finally:
            load_sandbox.close()
    return figures(plan, problems, entries, report.as_dict(), bomb)


def _median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


def _max(values: Iterable[float]) -> float | None:
    return max(values, default=None)


def figures(
    plan: Plan, problems: list[Problem], entries: list[Entry], load: dict, bomb: Judgement
) -> dict:
    per_problem = []
    for problem in problems:
        mine = [e for e in entries if e.problem is problem]
        spreads = [s for e in mine if (s := e.spread) is not None]
        ratios = [r for e in mine if (r := e.ratio) is not None]
        per_problem.append(
            {
                "problem": problem.id,
                "judged": len(mine),
                "accepted": sum(e.steady for e in mine),
                "flips": sum(e.flipped for e in mine),
                "unexpected": sum(e.idle[0][0] != e.expected.value for e in mine),
                "spread_worst": _max(spreads),
                "ratio_median": _median(ratios),
                "ratio_worst": _max(ratios),
            }
        )
    spreads = [s for e in entries if (s := e.spread) is not None]
    ratios = [r for e in entries if (r := e.ratio) is not None]
    return {
        "plan": {**plan.__dict__, "problems": [p.id for p in problems]},
        "floor": {"share_of_limit": FLOOR_SHARE, "min_ms": FLOOR_MS},
        "judged": len(entries),
        "flips": sum(e.flipped for e in entries),
        "judge_errors": sum(
            v == JUDGE_ERROR for e in entries for v, _ in (*e.idle, e.loaded or ("", 0.0))
        ),
        "flipped": [
            {
                "problem": e.problem.id,
                "submission": e.name,
                "idle": e.idle[0][0],
                "loaded": e.loaded[0] if e.loaded else None,
            }
            for e in entries
            if e.flipped
        ],
        "spread_median": _median(spreads),
        "spread_max": _max(spreads),
        "ratio_median": _median(ratios),
        "ratio_worst": _max(ratios),
        "memory_bomb": {"verdict": bomb.verdict.value, "message": bomb.message},
        "load": load,
        "per_problem": per_problem,
        "submissions": [e.as_dict() for e in entries],
    }


def goals(f: dict) -> list[tuple[str, str, str, bool]]:
    """(goal, measured, bound, met) for each target of issue 12, and a check that the load
    was really on (without it the loaded figures mean nothing)."""
    load = f["load"]
    busy_bound = 0.8 * min(load["threads"], load["host_cpus"]) / load["host_cpus"]

    def at_most(name: str, value: float | None, bound: float) -> tuple[str, str, str, bool]:
        met = value is not None and value <= bound
        return name, "-" if value is None else f"{value:.3f}", f"<= {bound:g}", met

    bomb = f["memory_bomb"]["verdict"]
    return [
        ("verdict flips idle -> loaded", str(f["flips"]), "== 0", f["flips"] == 0),
        at_most("loaded/idle slowest test, median", f["ratio_median"], 1.3),
        at_most("loaded/idle slowest test, worst", f["ratio_worst"], 2.0),
        at_most("idle spread max/min, median of submissions", f["spread_median"], 1.2),
        ("memory bomb under load", bomb, "memory_limit_exceeded",
         bomb == Verdict.memory_limit_exceeded.value),
        ("load was on: host CPUs busy", f"{load['cpu_busy']:.2f}", f">= {busy_bound:.2f}",
         load["cpu_busy"] >= busy_bound),
    ]  # fmt: skip
