"""Replays every hostile submission in cases/ through the real sandbox.

Each case file starts with `# row:`, `# expect:` and `# why:` lines (security.md §4).
Probes return the right answer only when their attack worked, so a breach shows up
as `accepted`. After every case the invariants H1-H7 are checked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from judge.problem import Problem, load_problem
from judge.verdicts import Verdict
from sandbox.limits import SandboxLimits

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.py"))
SECRET_ANSWERS = ("1000010", "1000020", "1000030")
CANARY = "def f(x):\n    return x + 1000000\n"
GRACE_S = 5.0


def header(file: Path) -> dict[str, str]:
    fields = {}
    for line in file.read_text().splitlines():
        if not line.startswith("# ") or ":" not in line:
            break
        key, _, value = line[2:].partition(":")
        fields[key.strip()] = value.strip()
    return fields


def stray_sandbox_processes(sandbox, before: set[int]) -> set[int]:
    """Host processes of the sandbox's uid that are not in a warm container (H2).

    Warm containers wait for a job and have run nothing; every other process of that
    uid, and any process of a container that ran a job, is a stray.
    """
    existing = {c["Id"] for c in sandbox.client.api.containers(all=True, quiet=True)}
    warm = existing - sandbox.used_ids()
    strays = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in before:
            continue
        try:
            if entry.stat().st_uid != 65534:
                continue
            cgroup = (entry / "cgroup").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if not set(re.findall(r"[0-9a-f]{64}", cgroup)) & warm:
            strays.add(int(entry.name))
    return strays


def host_secrets() -> list[str]:
    """Values that must never reach a result: the host's environment and paths (H6)."""
    values = [v for v in os.environ.values() if len(v) >= 8 and "/" in v]
    return [*values, str(HERE), str(Path.home())]


@pytest.fixture(scope="module")
def target() -> Problem:
    return load_problem(HERE / "problem" / "hostile")


def test_every_case_declares_row_and_verdict():
    assert len(CASES) >= 50
    for case in CASES:
        fields = header(case)
        assert fields.get("row", "").isdigit(), case.name
        assert Verdict(fields["expect"]) is not Verdict.internal_error, case.name
        assert fields.get("why"), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_submission_gets_its_verdict_and_harms_nothing(judge, target, case, leftovers):
    fields = header(case)
    client = judge.sandbox.client
    image_before = client.images.get(judge.sandbox.image_id).id
    uid_before = stray_sandbox_processes(judge.sandbox, set())
    disk_before = shutil.disk_usage("/").free

    started = time.monotonic()
    result = judge.judge(target, case.read_text())
    elapsed = time.monotonic() - started

    assert result.verdict == Verdict(fields["expect"]), (result.verdict, result.message)
    # H1: nothing labelled survives the run (warm containers that ran nothing aside).
    assert leftovers() == []
    # H2: no process of the sandbox uid is left on the host.
    time.sleep(0.2)
    assert stray_sandbox_processes(judge.sandbox, uid_before) == set()
    # H3: the host disk did not fill (nothing is logged, the container is gone).
    assert disk_before - shutil.disk_usage("/").free < 64 << 20
    # H4: judged within the limits plus a fixed grace.
    limits = SandboxLimits(time_per_test_s=target.meta.limits.time_s)
    bound = limits.startup_s + len(target.tests) * limits.time_per_test_s + GRACE_S
    assert elapsed < bound
    # H6: no secret answers, host paths or environment in what the solver sees; secret
    # tests show their verdict, time and a host-written message only (rows 31, 48, 49).
    for test in result.tests:
        if test.group == "secret":
            assert (test.input, test.expected, test.output, test.stdout) == (None,) * 4
    shown = json.dumps(result.model_dump())
    for secret in (*SECRET_ANSWERS, *host_secrets()):
        assert secret not in shown
    # H7: the runner image and the problem are unchanged.
    assert client.images.get(judge.sandbox.image_id).id == image_before
    assert load_problem(target.path).content_hash == target.content_hash
    # H5: a canary right after is still accepted in normal time.
    canary = judge.judge(target, CANARY)
    assert canary.verdict is Verdict.accepted
    assert canary.wall_ms < 5000
