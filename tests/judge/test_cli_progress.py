"""`judge run`'s live progress: shown in a terminal while tests run, never in a pipe or
with --json; a compilation error is one line. Real processes, a real pseudo-terminal,
real containers."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from judge.problem import load_problem

pytestmark = pytest.mark.docker  # every test judges with `judge run` on the real engine

REPO = Path(__file__).resolve().parents[2]
JUDGE = Path(sys.executable).with_name("judge")
CAN_SHIFT = REPO / "problems" / "can_shift"
TESTS = len(load_problem(CAN_SHIFT).tests)
# About 0.1 s of sleep a test: seconds in all, so each test's end is seen on its own.
SLOW = """import time


def can_shift(a, b):
    time.sleep(0.1)
    return len(a) == len(b) and b in a + a
"""
SYNTAX_ERROR = "def can_shift(a, b):\n    n = len(a)\n    return a ==\n"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Whatever the terminal of the machine running the tests says, these decide for rich.
CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")
}


@dataclass
class Seen:
    returncode: int
    chunks: list[tuple[float, str]]  # (seconds since start, text without escape codes)
    ended_s: float

    @property
    def text(self) -> str:
        return "".join(chunk for _, chunk in self.chunks)

    def first(self, needle: str) -> float:
        """When ``needle`` was first on screen (seconds since start)."""
        so_far = ""
        for moment, chunk in self.chunks:
            so_far += chunk
            if needle in so_far:
                return moment
        raise AssertionError(f"{needle!r} never appeared in {self.text[-3000:]!r}")


def in_terminal(*args: str, timeout_s: float = 300) -> Seen:
    """Runs `judge ARGS` with stdout and stderr on a 120x40 pseudo-terminal, reading it
    as it goes (timed), until the process ends."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.monotonic()
    process = subprocess.Popen(
        [str(JUDGE), *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=CLEAN_ENV
    )
    os.close(slave)
    chunks: list[tuple[float, str]] = []
    try:
        while time.monotonic() - started < timeout_s:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not data:
                break
            text = ANSI.sub("", data.decode("utf-8", "replace")).replace("\r", "")
            chunks.append((time.monotonic() - started, text))
        returncode = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return Seen(returncode, chunks, time.monotonic() - started)


def in_pipe(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JUDGE), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**CLEAN_ENV, "COLUMNS": "200"},
    )


def write(tmp_path: Path, source: str, name: str = "solution.py") -> str:
    file = tmp_path / name
    file.write_text(source)
    return str(file)


def test_a_terminal_shows_each_test_as_it_ends_then_the_verdict(tmp_path):
    seen = in_terminal("run", "can_shift", write(tmp_path, SLOW))
    assert seen.returncode == 0, seen.text[-3000:]
    final = seen.first("can_shift: accepted")
    first_done, half_done = seen.first(f"1/{TESTS} tests"), seen.first(f"{TESTS // 2}/{TESTS}")
    # Live: the first test's end was on screen seconds before the run ended, and the
    # count moved on while it ran.
    assert first_done < final - 1.0 and first_done < half_done < final
    progress = seen.text[: seen.text.index("can_shift: accepted")]
    assert "running test" in progress
    # Each finished test with its verdict and CPU time: a sample's milliseconds ...
    assert re.search(r"\b1\s+sample/1_rotation\s+accepted\s+\d+\.\d\d\b", progress), progress
    # ... and a secret test's half of the time limit only.
    assert re.search(r"secret/\S+\s+accepted\s+≤ 50%", progress), progress
    # What stays is the final table, as in a pipe.
    assert "runner sha256:" in seen.text[seen.text.index("can_shift: accepted") :]


def test_a_pipe_gets_the_final_table_and_no_progress(tmp_path):
    done = in_pipe("run", "can_shift", str(CAN_SHIFT / "solution.py"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("can_shift: accepted")
    assert "\x1b" not in done.stdout  # no cursor movement, no colour
    assert f"/{TESTS} tests" not in done.stdout and "running test" not in done.stdout
    assert "sample/1_rotation" in done.stdout and "runner sha256:" in done.stdout


def test_json_in_a_terminal_is_one_json_object_and_no_progress(tmp_path):
    seen = in_terminal("run", "can_shift", write(tmp_path, SLOW), "--json")
    assert seen.returncode == 0, seen.text[-3000:]
    assert f"/{TESTS} tests" not in seen.text and "running test" not in seen.text
    # The folder used is said first, on stderr (the same terminal here).
    said, _, rest = seen.text.partition("\n")
    assert said.strip() == f"problem: {CAN_SHIFT}"
    result = json.loads(rest)
    assert result["verdict"] == "accepted" and len(result["tests"]) == TESTS


def test_a_syntax_error_in_a_pipe_is_one_line_naming_file_and_line(tmp_path):
    path = write(tmp_path, SYNTAX_ERROR, "mine.py")
    done = in_pipe("run", "can_shift", path)
    assert done.returncode == 1, done.stderr
    assert done.stdout == f"compilation_error: {path}, line 3: SyntaxError: invalid syntax\n"
    assert done.stderr == f"problem: {CAN_SHIFT}\n"


def test_a_missing_function_is_one_line_too(tmp_path):
    done = in_pipe("run", "can_shift", write(tmp_path, "def rotate(a, b):\n    return True\n"))
    assert done.returncode == 1, done.stderr
    assert done.stdout == "compilation_error: function 'can_shift' is not defined\n"


def test_a_syntax_error_in_a_terminal_is_one_line_not_a_table_of_skipped_tests(tmp_path):
    path = write(tmp_path, SYNTAX_ERROR, "mine.py")
    seen = in_terminal("run", "can_shift", path)
    assert seen.returncode == 1
    assert f"compilation_error: {path}, line 3: SyntaxError: invalid syntax" in seen.text
    assert "skipped" not in seen.text and "sample/1_rotation" not in seen.text
    # What is left on screen: the transient progress erased, the one line printed.
    assert seen.text.rstrip("\n").endswith("line 3: SyntaxError: invalid syntax")
