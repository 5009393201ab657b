"""Resource limits of one sandbox run, and how they become container, CPU and wall bounds.

This is the one home of what a limit is: ``SandboxLimits`` holds a run's limits
(a problem's ``time_s``, ``memory_mb`` and ``output_kb`` map onto it in
``judge.judging.limits_for``), and the constants below are the allowances that
extend them (the wall-clock backstop, the slack of a run's hard bound, the
watchdog's grace, a send's deadline, a service lease's start allowance). Every
number that bounds a submission lives here, so the container configuration test
can check the live container against the same source; polling intervals stay in
the modules that poll.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from docker.types import LogConfig, Ulimit

SANDBOX_LABEL = "pyjudge.sandbox"
SANDBOX_USER = "65534:65534"
TMPFS_MB = 16
# CPU seconds any process in a container may use, whatever the job: the last line
# if the host died mid-run. The harness sets a job-sized limit (cpu_seconds).
CONTAINER_CPU_S = 900
# The engine's default seccomp profile minus calls a judged function never needs
# (io_uring, ptrace, ...; docs/sandbox.md). The engine takes the text, not a path;
# compact, as it is sent with, and stored in, every container.
SECCOMP_PROFILE = json.dumps(
    json.loads(resources.files("sandbox").joinpath("seccomp.json").read_text()),
    separators=(",", ":"),
)
# Time limits are on CPU time, read from the container's cgroup, so another load on
# the machine cannot inflate them. Wall time is only a backstop that ends sleepers and
# blocked processes: WALL_FACTOR x the CPU limit + WALL_EXTRA_S.
WALL_FACTOR = 3.0
WALL_EXTRA_S = 1.0
# Allowance in a run's hard bound for the host's own work between calls.
RUN_SLACK_S = 5.0
# Time the watchdog leaves the conversation past the hard bound before it kills.
WATCHDOG_GRACE_S = 2.0
# How long a header or a test's arguments may take to go in: a container that stops
# reading its input is out of time, not a reason for the host to wait.
SEND_S = 5.0
# A service claim's lease is renewed for at most the run's hard bound plus this
# allowance for taking a container (a cold start on a busy engine); past it the run
# is cancelled and the lease left to run out, so a stuck run cannot hold its
# submission forever.
START_ALLOWANCE_S = 60.0


@dataclass(frozen=True)
class SandboxLimits:
    time_per_test_s: float = 2.0  # CPU seconds per call
    startup_s: float = 5.0  # CPU seconds: the submission's module-level code
    memory_mb: int = 256
    cpus: float = 1.0
    pids: int = 64
    open_files: int = 64
    file_size_mb: int = 8
    output_kb: int = 64  # what the submission may print, per test and in raw writes
    stream_mb: int = 64  # everything the container may send back

    @staticmethod
    def wall_s(cpu_s: float) -> float:
        """The wall-clock backstop of a CPU limit."""
        return WALL_FACTOR * cpu_s + WALL_EXTRA_S

    def hard_bound_s(self, tests: int) -> float:
        """The longest a run of ``tests`` tests may take once its container is ready: a
        watchdog kills the container past it, and a service lease is not renewed past it."""
        return self.wall_s(self.startup_s) + tests * self.wall_s(self.time_per_test_s) + RUN_SLACK_S

    def cpu_seconds(self, tests: int) -> int:
        """A per-process CPU ceiling for one job, set by the harness: a backstop, since
        the host clock kills first."""
        return math.ceil(self.startup_s + tests * self.time_per_test_s) + 1

    def shape(self) -> tuple[int, float, int, int, int]:
        """What the container is created with; runs of one shape can share a warm pool.
        Time and output limits are the host's and the harness's, set per job."""
        return (self.memory_mb, self.cpus, self.pids, self.open_files, self.file_size_mb)

    def docker_kwargs(self) -> dict[str, Any]:
        memory = f"{self.memory_mb}m"
        cpu = CONTAINER_CPU_S
        file_size = self.file_size_mb << 20
        return {
            "network_mode": "none",
            "read_only": True,
            "tmpfs": {"/tmp": f"rw,noexec,nosuid,nodev,size={TMPFS_MB}m"},
            "mem_limit": memory,
            "memswap_limit": memory,
            "mem_swappiness": 0,
            "nano_cpus": int(self.cpus * 1e9),
            "pids_limit": self.pids,
            "ulimits": [
                Ulimit(name="nofile", soft=self.open_files, hard=self.open_files),
                Ulimit(name="fsize", soft=file_size, hard=file_size),
                Ulimit(name="core", soft=0, hard=0),
                Ulimit(name="cpu", soft=cpu, hard=cpu + 1),
            ],
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges", f"seccomp={SECCOMP_PROFILE}"],
            "user": SANDBOX_USER,
            "environment": {},
            "init": True,
            "ipc_mode": "private",
            "hostname": "sandbox",
            "oom_score_adj": 1000,
            "working_dir": "/tmp",
            # The host reads stdout and stderr over the attach stream; nothing is logged.
            "log_config": LogConfig(type="none"),
        }
