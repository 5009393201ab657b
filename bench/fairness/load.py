"""The background load: judge runs that burn CPU and memory bandwidth while others are judged.

Each load thread judges a hog again and again until told to stop: a submission
that touches ~150 MB and copies it back and forth, burning most of a 5-second
limit per test. The host's load average and CPU use are sampled meanwhile, so a
run can show the load was really on.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from judge.judging import Judge
from judge.problem import Problem, load_problem
from sandbox.container import Sandbox, SandboxError

HOG_TIME_S = 5.0
HOG_MEMORY_MB = 256

# Two buffers of 75 MB, written at import and copied into each other on every call
# (memcpy: memory bandwidth and cache pressure), with a Python loop for the ALU. It
# stops at 80 % of the limit in CPU time or 90 % in wall time, whichever comes first,
# so it neither times out under a CPU-time limit nor under a wall-clock one.
HOG = f"""\
import time

HALF = 75 << 20
A = bytearray(b"\\x01") * HALF
B = bytearray(HALF)
B[:] = A


def add(a, b):
    cpu, wall = time.process_time(), time.monotonic()
    while (
        time.process_time() - cpu < {0.8 * HOG_TIME_S}
        and time.monotonic() - wall < {0.9 * HOG_TIME_S}
    ):
        A[:] = B
        B[:] = A
        x = 0
        for i in range(20000):
            x += i * i
    return a + b
"""

# 400 MB written at once against a 256 MB limit.
MEMORY_BOMB = """\
def add(a, b):
    hoard = bytearray(b"x") * (400 << 20)
    return a + b + len(hoard) - len(hoard)
"""


def write_hog_problem(root: Path) -> Problem:
    """add(a, b) with a long time limit, one sample and one secret test."""
    folder = root / "hog"
    folder.mkdir(parents=True)
    (folder / "problem.yaml").write_text(
        "title: Hog\n"
        "difficulty: easy\n"
        "function:\n"
        "  name: add\n"
        "  params: [{name: a, type: int}, {name: b, type: int}]\n"
        "  returns: int\n"
        f"limits: {{time_s: {HOG_TIME_S}, memory_mb: {HOG_MEMORY_MB}, output_kb: 8}}\n"
    )
    (folder / "statement.md").write_text("Return a + b, slowly.\n")
    (folder / "solution.py").write_text(HOG)
    for group, (a, b) in (("sample", (1, 2)), ("secret", (10, 20))):
        (folder / "tests" / group).mkdir(parents=True)
        case = {"args": {"a": a, "b": b}, "expected": a + b}
        (folder / "tests" / group / "00.json").write_text(json.dumps(case))
    return load_problem(folder)


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all host CPUs since boot, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


@dataclass
class LoadReport:
    threads: int
    host_cpus: int
    loadavg_before: float  # 1-minute load average before the load started
    loadavg_samples: list[float] = field(default_factory=list)  # during the measured pass
    cpu_busy: float = 0.0  # share of all host CPUs busy during the measured pass
    runs: int = 0  # hog runs finished
    verdicts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def loadavg_max(self) -> float:
        return max(self.loadavg_samples, default=0.0)

    @property
    def loadavg_mean(self) -> float:
        samples = self.loadavg_samples
        return sum(samples) / len(samples) if samples else 0.0

    def as_dict(self) -> dict:
        return {
            **self.__dict__,
            "loadavg_max": self.loadavg_max,
            "loadavg_mean": self.loadavg_mean,
        }


class Load:
    """``threads`` judges running the hog back to back, in a sandbox of their own, so
    their container starts and removals add to the load but not to the measured pool."""

    def __init__(self, sandbox: Sandbox, problem: Problem, threads: int, sample_s: float = 2.0):
        self.judge = Judge(sandbox)
        self.problem = problem
        self.sample_s = sample_s
        self.report = LoadReport(threads, os.cpu_count() or 1, os.getloadavg()[0])
        self._stop = threading.Event()
        self._measuring = threading.Event()
        self._verdicts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._hog, name=f"load-{i}", daemon=True)
            for i in range(threads)
        ]
        self._sampler = threading.Thread(target=self._sample, name="load-sampler", daemon=True)
        self._ticks = (0, 0)

    def start(self, ramp_timeout_s: float = 60.0) -> None:
        """Start the hogs and return once each is running its job (plus a moment for the
        load to build up)."""
        for thread in self._threads:
            thread.start()
        sandbox = self.judge.sandbox
        deadline = time.monotonic() + ramp_timeout_s
        while len(sandbox.running_ids()) < len(self._threads) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2.0)  # the hogs' imports write their buffers
        self._ticks = cpu_ticks()
        self._measuring.set()
        self._sampler.start()

    def stop(self) -> LoadReport:
        """End the measured span now, then wait for the hogs' current runs to finish."""
        self._measuring.clear()
        busy, total = cpu_ticks()
        if total > self._ticks[1]:
            self.report.cpu_busy = (busy - self._ticks[0]) / (total - self._ticks[1])
        self._stop.set()
        self._sampler.join()
        for thread in self._threads:
            thread.join(timeout=120)
        self.report.verdicts = dict(self._verdicts)
        return self.report

    def _hog(self) -> None:
        while not self._stop.is_set():
            try:
                verdict = self.judge.judge(self.problem, HOG).verdict.value
            except SandboxError as exc:
                with self._lock:
                    self.report.errors.append(str(exc))
                time.sleep(1)
                continue
            with self._lock:
                self.report.runs += 1
                self._verdicts[verdict] += 1

    def _sample(self) -> None:
        while self._measuring.is_set():
            self.report.loadavg_samples.append(os.getloadavg()[0])
            self._stop.wait(self.sample_s)
