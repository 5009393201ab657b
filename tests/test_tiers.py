"""The fast tier, `pytest -m "not docker"`: every test that needs neither the Docker
engine nor slow setup (a PostgreSQL server, many processes), and nothing else; the
slow ones it leaves out are counted at the end, and the full suite runs them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # three collections of the whole suite: 15 s


def collected(*options: str) -> tuple[set[str], str]:
    """The test ids a run with these options would run, and what it prints."""
    # Whatever this session was started with, the inner runs decide only by their options.
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "JUDGE_TEST_SLOW")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            *options,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    ids = {line for line in done.stdout.splitlines() if line.startswith("tests/")}
    return ids, done.stdout


def test_the_fast_tier_is_every_test_needing_neither_the_engine_nor_slow_setup():
    fast, said = collected("-m", "not docker")
    without_engine, _ = collected("-m", "not docker", "--run-slow")
    slow, _ = collected("-m", "slow and not docker")  # a -m naming slow runs it
    assert fast and slow
    assert without_engine - fast == slow
    assert fast <= without_engine
    left_out = re.search(r"left out (\d+) slow tests", said)
    assert left_out is not None, said[-1000:]
    assert int(left_out[1]) == len(slow)
    named, _ = collected(__file__)  # its file named: its slow test runs
    assert [test.split("::")[1] for test in named] == [THIS_TEST]


THIS_TEST = test_the_fast_tier_is_every_test_needing_neither_the_engine_nor_slow_setup.__name__
