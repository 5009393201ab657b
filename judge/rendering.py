"""Human-readable views of judgements and the problem library, for the terminal."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from judge.problem import Problem
from judge.verdicts import Judgement, TestVerdict, Verdict

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
    headline = Text.assemble(
        (f"{judgement.problem_id}: ", "bold"),
        _verdict_text(judgement.verdict),
        f"  tests {judgement.time_ms:.1f} ms, wall {judgement.wall_ms:.0f} ms",
    )
    table = Table(show_edge=False, pad_edge=False)
    for column in ("#", "test", "verdict", "time (ms)", "details"):
        table.add_column(column, justify="right" if column in ("#", "time (ms)") else "left")
    for number, test in enumerate(judgement.tests, 1):
        details = []
        if test.group == "sample":
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
            "" if test.time_ms is None else f"{test.time_ms:.2f}",
            escape("\n".join(details)),
        )
    parts: list[Any] = [headline]
    if judgement.message:
        parts.append(Text(judgement.message, style="italic"))
    parts += [
        table,
        Text(
            f"runner {judgement.provenance.runner_image[:19]}  "
            f"problem {judgement.provenance.problem_hash[:12]}  "
            f"harness {judgement.provenance.harness_version}",
            style="dim",
        ),
    ]
    return Group(*parts)


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
