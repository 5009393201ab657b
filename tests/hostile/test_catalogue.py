"""Replays every hostile submission in cases/ through the real sandbox.

Each case file starts with `# row:`, `# expect:` and `# why:` lines (security.md §4),
and optionally `# target:` naming the problem folder it runs against (default
`hostile`). Probes return the right answer only when their attack worked, so a breach
shows up as `accepted`. After every case the invariants H1-H3 and H5-H11 are checked.

Only this session's containers count (label `pyjudge.run`, see tests/conftest.py): a
`judge serve` of another clone may share the engine, and its containers are not ours.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docker.errors
import pytest

from judge import grading
from judge.judging import Judge, limits_for
from judge.problem import Problem, load_problem
from judge.verdicts import Judgement, Verdict
from sandbox.container import Sandbox
from sandbox.engine import RUN_LABEL

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.py"))
SANDBOX_UID = 65534
# Until judge.grading.SECRET_MESSAGE exists: every message a secret test may carry.
FALLBACK_SECRET_MESSAGE = re.compile(
    r"(raised [A-Za-z_][A-Za-z0-9_]{0,63}|printed more than \d+ KiB"
    r"|exceeded the memory limit of \d+ MB|took more than [\d.]+ s of CPU time"
    r"|ran more than [\d.]+ s of wall time|the process exited before answering"
    r"|the sandbox broke protocol)"
)
SECRET_MESSAGE: re.Pattern[str] = getattr(grading, "SECRET_MESSAGE", FALLBACK_SECRET_MESSAGE)
# Planted by the class-2 cases (secret input through host-written messages).
LEAK_MARKER = "LEAKMARK"
# H9: how much the judging process's peak RSS may grow during one case.
JUDGE_RSS_CEILING_MB = 400
# H10: a container start on a loaded 2-core machine, on top of the run's hard bound.
CONTAINER_START_ALLOWANCE_S = 10.0
# The ~2 MB last secret test of the big_input target, written into a copy of it.
BIG_INPUT_LENGTH = 500_000


@dataclass(frozen=True)
class Target:
    problem: Problem
    secret_answers: tuple[str, ...]
    canary: str


def header(file: Path) -> dict[str, str]:
    fields = {}
    for line in file.read_text().splitlines():
        if not line.startswith("# ") or ":" not in line:
            break
        key, _, value = line[2:].partition(":")
        fields[key.strip()] = value.strip()
    return fields


def sandbox_uid_processes(before: set[int]) -> dict[int, set[str]]:
    """Processes of the sandbox uid not in ``before``, with the container ids their
    cgroup names (none for a process outside every container)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in before:
            continue
        try:
            if entry.stat().st_uid != SANDBOX_UID:
                continue
            cgroup = (entry / "cgroup").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        found[int(entry.name)] = set(re.findall(r"[0-9a-f]{64}", cgroup))
    return found


def stray_sandbox_processes(sandbox: Sandbox, before: set[int]) -> set[int]:
    """Host processes of the sandbox uid that this session left (H2).

    A process counts if it is in no container at all, or in a container of this run
    (label pyjudge.run) that has run a job, or in one that is gone: warm containers
    wait for a job and have run nothing, and other runs' containers (a service of
    another clone) are not ours. The engine is asked again before blaming a process
    in an unknown container, since another run may have started it meanwhile.
    """
    run = os.environ["JUDGE_RUN_ID"]
    candidates = sandbox_uid_processes(before)
    for _ in range(2):
        listed = sandbox.client.api.containers(all=True)
        ours = {c["Id"] for c in listed if (c.get("Labels") or {}).get(RUN_LABEL) == run}
        others = {c["Id"] for c in listed} - ours - sandbox.used_ids()
        warm = ours - sandbox.used_ids()
        candidates = {
            pid: ids for pid, ids in candidates.items() if not ids & others and not ids & warm
        }
        if not candidates:
            break
    return set(candidates)


def host_secrets() -> list[str]:
    """Values that must never reach a result: the host's environment and paths (H6)."""
    values = [v for v in os.environ.values() if len(v) >= 8 and "/" in v]
    return [*values, str(HERE), str(Path.home())]


def peak_rss_reset() -> int:
    """Resets this process's peak RSS to its current RSS and returns it, in kB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmHWM")


def _status_kb(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    assert match, field
    return int(match.group(1))


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Target]:
    hostile = load_problem(HERE / "problem" / "hostile")
    # big_input gets its ~2 MB secret test here rather than in the repository.
    big = tmp_path_factory.mktemp("target") / "big_input"
    shutil.copytree(HERE / "problem" / "big_input", big)
    xs = [i % 1000 for i in range(BIG_INPUT_LENGTH)]
    case = {"args": {"xs": xs}, "expected": len(xs) + 1000000}
    (big / "tests" / "secret" / "3.json").write_text(json.dumps(case))
    assert (big / "tests" / "secret" / "3.json").stat().st_size > 2_000_000
    return {
        "hostile": Target(
            hostile,
            ("1000010", "1000020", "1000030"),
            "def f(x):\n    return x + 1000000\n",
        ),
        "big_input": Target(
            load_problem(big),
            ("1000004", "1000005", str(BIG_INPUT_LENGTH + 1000000)),
            "def f(xs):\n    return len(xs) + 1000000\n",
        ),
    }


@pytest.fixture
def watchdog(judge: Judge) -> Iterator[Callable[[float], None]]:
    """Arms a timer that kills this session's running containers, so a run that would
    hang (a send blocked on a stopped container) fails H10 instead of hanging the suite."""
    timers: list[threading.Timer] = []

    def kill_running() -> None:
        for container_id in judge.sandbox.running_ids():
            with contextlib.suppress(docker.errors.APIError):
                judge.sandbox.client.containers.get(container_id).kill()

    def arm(seconds: float) -> None:
        timer = threading.Timer(seconds, kill_running)
        timer.daemon = True
        timer.start()
        timers.append(timer)

    yield arm
    for timer in timers:
        timer.cancel()


def test_every_case_declares_row_and_verdict(targets):
    assert len(CASES) >= 50
    for case in CASES:
        fields = header(case)
        assert fields.get("row", "").isdigit(), case.name
        assert Verdict(fields["expect"]) is not Verdict.internal_error, case.name
        assert fields.get("why"), case.name
        assert fields.get("target", "hostile") in targets, case.name
        assert case.name.startswith(fields["row"].zfill(2) + "_"), case.name


def check_secret_tests_show_nothing_of_the_container(result: Judgement) -> None:
    """H8: a secret test carries its verdict, a host-written message and one bit of time."""
    for test in result.tests:
        if test.group != "secret":
            continue
        hidden = (test.input, test.expected, test.output, test.stdout)
        assert hidden == (None,) * 4, test
        measured = (test.time_ms, getattr(test, "wall_ms", None), getattr(test, "memory_kb", None))
        assert measured == (None,) * 3, test
        assert getattr(test, "time_band", None) in (None, "low", "high"), test
        assert test.message is None or SECRET_MESSAGE.fullmatch(test.message), test


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_submission_gets_its_verdict_and_harms_nothing(
    judge, targets, case, leftovers, watchdog
):
    fields = header(case)
    target = targets[fields.get("target", "hostile")]
    problem = target.problem
    client = judge.sandbox.client
    image_before = client.images.get(judge.sandbox.image_id).id
    uid_before = set(sandbox_uid_processes(set()))
    disk_before = shutil.disk_usage("/").free
    bound = limits_for(problem).hard_bound_s(len(problem.tests)) + CONTAINER_START_ALLOWANCE_S
    watchdog(bound + 5)

    rss_before = peak_rss_reset()
    started = time.monotonic()
    result = judge.judge(problem, case.read_text())
    elapsed = time.monotonic() - started
    rss_growth_mb = (_status_kb("VmHWM") - rss_before) / 1024
    print(f"{case.stem}: {elapsed:.2f} s, judge peak RSS +{rss_growth_mb:.0f} MB")

    # H10: every run ends within its hard bound, plus a container start.
    assert elapsed < bound, (elapsed, bound, result.verdict)
    # H11: the judgement serializes (lone surrogates, odd values).
    try:
        result.model_dump_json()
    except ValueError as exc:
        pytest.fail(f"the {result.verdict} judgement does not serialize: {exc}")
    shown = json.dumps(result.model_dump())
    assert result.verdict == Verdict(fields["expect"]), (result.verdict, result.message)
    # H9: the judging process stays under its memory ceiling.
    assert rss_growth_mb < JUDGE_RSS_CEILING_MB, rss_growth_mb
    # H1: nothing of this run that ran a job survives (warm containers aside).
    assert leftovers() == []
    # H2: no process of the sandbox uid that this run made is left on the host.
    time.sleep(0.2)
    assert stray_sandbox_processes(judge.sandbox, uid_before) == set()
    # H3: the host disk did not fill (nothing is logged, the container is gone).
    assert disk_before - shutil.disk_usage("/").free < 64 << 20
    # H8: secret tests show nothing the container controls (rows 31, 48, 49, 63, 68).
    check_secret_tests_show_nothing_of_the_container(result)
    # H6: no secret answers, planted markers, host paths or environment in the result.
    for secret in (*target.secret_answers, LEAK_MARKER, *host_secrets()):
        assert secret not in shown, secret
    # H7: the runner image and the problem are unchanged.
    assert client.images.get(judge.sandbox.image_id).id == image_before
    assert load_problem(problem.path).content_hash == problem.content_hash
    # H5: a canary right after is still accepted in normal time.
    canary = judge.judge(problem, target.canary)
    assert canary.verdict is Verdict.accepted, canary.message
    assert canary.wall_ms < 5000
