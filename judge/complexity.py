"""The empirical time-complexity estimate: a submission run on its problem's size ladder.

The ladder's inputs come from the problem's own ``generator.py`` (``ladder(n, rng)``,
seeded with ``random.Random(n)``), so they are the same on every machine and are
never secret tests: nothing hidden can leak through an estimate. They are made once
per problem version on the host, in a subprocess (author code, like ``judge check``
runs), and checked against the function's signature like any test case.

The submission runs in the ordinary sandbox, one container per round: the first
round climbs the ladder until a call takes longer than ``CALL_CAP_S`` of CPU time,
the next rounds repeat the sizes that finished, while the budget allows. Rounds rather
than repeats in a row, so that a burst of load on the machine touches one measurement
of several sizes, not every measurement of one size; ``judge.growth`` then keeps
each size's fastest repeat. The time is CPU time from the container's cgroup, as for
verdicts; it includes decoding the arguments (linear in the input), so the estimate
measures what the call costs as a whole (docs/complexity.md).

Budget: at most ``ROUNDS`` rounds; a call is cut at ``CALL_CAP_S``; a round starts only
if the previous round's CPU time fits in what is left of ``BUDGET_S``. An estimate
therefore spends at most ``BUDGET_S`` + one round of CPU time, and typically a few seconds.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any

from judge.growth import Estimate, Rung, estimate
from judge.judging import limits_for
from judge.metadata import ComplexitySpec
from judge.plot import svg
from judge.problem import Problem, ProblemError, TestCase, make_case
from judge.verdicts import Judgement
from sandbox import Cancel, Job, Sandbox, SandboxLimits, Status

log = logging.getLogger("pyjudge.complexity")

ROUNDS = 5
CALL_CAP_S = 1.0  # CPU time of one call; a longer one ends the climb
BUDGET_S = 20.0  # CPU time over all rounds, checked before each round starts
GENERATE_TIMEOUT_S = 120.0
# What a worker allows an estimate (its ladder made, every round run) on top of judging.
MAX_WALL_S = GENERATE_TIMEOUT_S + ROUNDS * 12 * (CALL_CAP_S + 2.0)

# Run in a subprocess with the problem folder first on sys.path.
_LADDER_SCRIPT = """
import json, random, sys
sys.path.insert(0, sys.argv[1])
import generator
for n in json.loads(sys.argv[2]):
    args = generator.ladder(n, random.Random(n))
    sys.stdout.write(json.dumps({"n": n, "args": args}, separators=(",", ":")) + "\\n")
"""


@dataclass(frozen=True)
class Ladder:
    spec: ComplexitySpec
    cases: tuple[tuple[int, TestCase], ...]  # (n, its input), smallest first


_ladders: dict[tuple[str, str], Ladder] = {}
_ladders_lock = threading.Lock()


def ladder_of(problem: Problem) -> Ladder:
    """The problem's ladder inputs, made once per version. ProblemError names
    generator.py when the ladder cannot be made or does not fit the signature."""
    spec = problem.meta.complexity
    if spec is None:
        raise ProblemError(problem.path / "problem.yaml", "complexity", "no size ladder")
    key = (str(problem.path), problem.content_hash)
    with _ladders_lock:
        if key in _ladders:
            return _ladders[key]
    generator = problem.path / "generator.py"
    try:
        made = subprocess.run(
            [sys.executable, "-c", _LADDER_SCRIPT, str(problem.path), json.dumps(spec.sizes)],
            cwd=problem.path,
            capture_output=True,
            text=True,
            timeout=GENERATE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise ProblemError(generator, "ladder", f"took over {GENERATE_TIMEOUT_S:.0f} s") from None
    if made.returncode != 0:
        last = (made.stderr.strip().splitlines() or ["exited non-zero"])[-1]
        raise ProblemError(generator, "ladder", last)
    cases = []
    for line in made.stdout.splitlines():
        item = json.loads(line)
        if not isinstance(item.get("args"), dict):
            raise ProblemError(generator, "ladder", f"size {item['n']}: must return a dict")
        where = f"{generator} ladder({item['n']})"
        case = make_case(problem.meta, f"ladder/{item['n']}", "custom", item["args"], file=where)
        cases.append((int(item["n"]), case))
    ladder = Ladder(spec, tuple(cases))
    with _ladders_lock:
        _ladders[key] = ladder
    return ladder


def _round(
    sandbox: Sandbox,
    problem: Problem,
    source: str,
    cases: list[tuple[int, TestCase]],
    cancel: Cancel | None,
) -> tuple[dict[int, float], str | None]:
    """One climb: the CPU time (ms) of each size that returned, and why it stopped early."""
    limits = limits_for(problem)
    job = Job(
        source=source,
        function=problem.meta.function.name,
        param_specs=problem.param_specs,
        test_args=tuple(case.encoded_args for _, case in cases),
        limits=SandboxLimits(
            time_per_test_s=CALL_CAP_S, memory_mb=limits.memory_mb, output_kb=limits.output_kb
        ),
    )
    outcome = sandbox.run(job, cancel)
    times: dict[int, float] = {}
    for (n, _), test in zip(cases, outcome.tests, strict=True):
        if test.status is not Status.returned or test.time_ms is None:
            if test.status is Status.timed_out:
                return times, f"size {n} took over {CALL_CAP_S:g} s of CPU time"
            if test.status is Status.not_run and not times:
                return times, outcome.message or f"the submission did not start ({outcome.setup})"
            return times, f"size {n}: {test.status.value} {test.error_type or ''}".strip()
        times[n] = test.time_ms
    return times, None


@dataclass(frozen=True)
class Measurement:
    estimate: Estimate
    cpu_s: float  # what the rounds spent
    stopped: str | None  # why the first round did not reach the top of the ladder


def measure(
    sandbox: Sandbox, problem: Problem, source: str, cancel: Cancel | None = None
) -> Measurement:
    """Runs ``source`` on the ladder (see the module's docstring) and fits the growth."""
    ladder = ladder_of(problem)
    spent_s, stopped = 0.0, None
    runs: dict[int, list[float]] = {}
    cases = list(ladder.cases)
    for _ in range(ROUNDS):
        times, why = _round(sandbox, problem, source, cases, cancel)
        stopped = stopped or why
        for n, ms in times.items():
            runs.setdefault(n, []).append(ms)
        round_s = sum(times.values()) / 1000
        spent_s += round_s
        cases = [(n, case) for n, case in cases if n in times]
        if not cases or spent_s + round_s > BUDGET_S or (cancel is not None and cancel.is_set()):
            break
    rungs = [Rung(n, tuple(times)) for n, times in sorted(runs.items())]
    return Measurement(estimate(rungs, ladder.spec.expected), round(spent_s, 3), stopped)


def report(problem: Problem, measured: Measurement) -> dict[str, Any]:
    """What a stored result keeps of an estimate: its numbers, text and plot."""
    spec = problem.meta.complexity
    param = spec.param if spec else "n"
    title = f"{problem.id}: CPU time against the size of {param}"
    return {
        **measured.estimate.to_dict(),
        "param": param,
        "cpu_s": measured.cpu_s,
        "stopped": measured.stopped,
        "svg": svg(measured.estimate, title),
    }


def with_estimate(
    sandbox: Sandbox, problem: Problem, source: str, judgement: Judgement, cancel: Cancel
) -> Judgement:
    """The accepted judgement with its estimate (``report``); a failure to estimate is
    said in the estimate and never changes the verdict."""
    try:
        found = report(problem, measure(sandbox, problem, source, cancel))
    except Exception as exc:
        log.warning("estimating the complexity of a %s submission failed: %s", problem.id, exc)
        found = {"error": f"the estimate failed: {type(exc).__name__}: {exc}"}
    return judgement.model_copy(update={"complexity": found})
