"""Human-readable views of judgements and the problem library, for the terminal."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from judge.problem import Problem
from judge.verdicts import Judgement, TestResult, TestVerdict, Verdict

COLOURS = {
    "accepted": "green",
    "wrong_answer": "red",
    "skipped": "dim",
    "internal_error": "magenta",
}
SHORT = 60


def _verdict_text(verdict: Verdict | TestVerdict) -> Text:
    return Text(verdict.value, style=COLOURS.get(verdict.value, "yellow"))


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def judgement_table(judgement: Judgement) -> Group:
    memory = (
        "" if judgement.memory_kb is None else f", peak memory {judgement.memory_kb / 1024:.1f} MiB"
    )
    headline = Text.assemble(
        (f"{judgement.problem_id}: ", "bold"),
        _verdict_text(judgement.verdict),
        f"  CPU {judgement.time_ms:.1f} ms in tests{memory}, wall {judgement.wall_ms:.0f} ms",
    )
    table = Table(show_edge=False, pad_edge=False)
    numeric = ("#", "cpu ms", "wall ms", "mem KiB")
    for column in ("#", "test", "verdict", *numeric[1:], "details"):
        table.add_column(column, justify="right" if column in numeric else "left")
    for number, test in enumerate(judgement.tests, 1):
        details = []
        if not test.is_secret:
            details += [
                f"input    {_short(test.input)}",
                f"expected {_short(test.expected)}",
                f"got      {_short(test.output)}",
            ]
            if test.stdout:
                details.append(f"stdout   {_short(test.stdout)}")
        if test.message:
            details.append(test.message)
        table.add_row(
            str(number),
            test.id,
            _verdict_text(test.verdict),
            _cpu(test),
            "" if test.wall_ms is None else f"{test.wall_ms:.1f}",
            "" if test.memory_kb is None else str(test.memory_kb),
            escape("\n".join(details)),
        )
    parts: list[Any] = [headline]
    if judgement.message:
        parts.append(Text(judgement.message, style="italic"))
    parts.append(table)
    raised = next((test for test in judgement.tests if test.traceback), None)
    if raised is not None:  # the first sample that raised, as Python would print it
        parts.append(Text(f"{raised.id}:\n{raised.traceback}\n{raised.message or ''}"))
    parts += [
        Text(
            f"runner {judgement.provenance.runner_image[:19]}  "
            f"problem {judgement.provenance.problem_hash[:12]}  "
            f"harness {judgement.provenance.harness_version}",
            style="dim",
        ),
    ]
    return Group(*parts)


def _cpu(test: TestResult) -> str:
    """A secret test shows only which half of the time limit its CPU time was in."""
    if test.time_ms is not None:
        return f"{test.time_ms:.2f}"
    return {"low": "≤ 50%", "high": "> 50%"}.get(test.time_band or "", "")


# The harness names the solution "solution.py": "invalid syntax (solution.py, line 3)".
_WHERE = re.compile(r"^(?P<error>\w+): (?P<text>.*) \(solution\.py, line (?P<line>\d+)\)$")


def compile_error_line(judgement: Judgement, solution: str) -> str:
    """A compilation error in one line, placed in the solver's own file: every test was
    skipped, so a table of them would say nothing."""
    message = " ".join((judgement.message or "the solution did not load").split())
    where = _WHERE.match(message)
    if where:
        message = f"{solution}, line {where['line']}: {where['error']}: {where['text']}"
    return f"{judgement.verdict.value}: {message}"


class RunProgress:
    """The live view of a run in progress: how many tests have ended out of how many,
    the tally of their verdicts, and the latest few with verdict and CPU time.

    ``finished`` is called from the judging thread and the view is drawn by rich's
    refresh thread, hence the lock; drawing reads the clock, so the elapsed time moves
    while a slow test runs.
    """

    def __init__(self, problem_id: str, total: int, latest: int = 8):
        self.problem_id = problem_id
        self.total = total
        self.latest = latest
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._done: list[tuple[int, TestResult]] = []

    def finished(self, index: int, result: TestResult) -> None:
        with self._lock:
            self._done.append((index, result))

    def __rich__(self) -> RenderableType:
        with self._lock:
            done = list(self._done)
        elapsed = time.monotonic() - self.started
        running = f"running test {len(done) + 1}" if len(done) < self.total else "finishing"
        header = Table.grid(padding=(0, 2))
        header.add_row(
            Text(self.problem_id, style="bold"),
            ProgressBar(total=max(self.total, 1), completed=len(done), width=30),
            Text.assemble(
                f"{len(done)}/{self.total} tests  ", (f"{running}  {elapsed:.1f} s", "dim")
            ),
        )
        if not done:
            return header
        tally = Text()
        for verdict, count in Counter(result.verdict.value for _, result in done).items():
            tally.append(f"{count} ")
            tally.append(verdict, style=COLOURS.get(verdict, "yellow"))
            tally.append("  ")
        table = Table(show_edge=False, pad_edge=False, box=None)
        for column in ("#", "test", "verdict", "cpu ms"):
            table.add_column(column, justify="right" if column in ("#", "cpu ms") else "left")
        for index, result in done[-self.latest :]:
            table.add_row(
                str(index + 1), Text(result.id), _verdict_text(result.verdict), _cpu(result)
            )
        return Group(header, tally, table)


def problems_table(problems: list[Problem]) -> Table:
    table = Table(show_edge=False, pad_edge=False)
    for column in ("id", "title", "difficulty", "tags", "tests", "checker"):
        table.add_column(column)
    for problem in problems:
        meta = problem.meta
        table.add_row(
            problem.id,
            meta.title,
            meta.difficulty.value,
            ", ".join(meta.tags),
            str(len(problem.tests)),
            meta.checker.kind.value,
        )
    return table


def complexity_lines(found: dict[str, Any], plot: Path | None) -> Group:
    """An estimate (judge.complexity.report) as a table of sizes and its one-line verdict."""
    if "error" in found:
        return Group(Text(found["error"], style="red"))
    table = Table(title=f"time complexity, n = size of {found.get('param')}", title_justify="left")
    table.add_column("n", justify="right")
    table.add_column("CPU ms (fastest)", justify="right")
    table.add_column("repeats (ms)")
    for rung in found["rungs"]:
        times = rung["times_ms"]
        table.add_row(str(rung["n"]), f"{min(times):.2f}", "  ".join(f"{t:.2f}" for t in times))
    parts: list[Any] = [table, Text(found["text"], style="bold")]
    if found.get("stopped"):
        parts.append(Text(f"the ladder stopped early: {found['stopped']}", style="dim"))
    where = f"plot: {plot}" if plot else "add --plot FILE.svg to save the plot"
    parts.append(Text(f"{found['cpu_s']:.1f} s of CPU time; {where}", style="dim"))
    return Group(*parts)
