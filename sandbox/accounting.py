"""CPU time, peak memory and OOM kills of one container, read from its cgroup by the host.

The time limit is on CPU time because it is the one measure another load on the
machine cannot inflate: a call that waits for a CPU is not charged for waiting.
The kernel keeps the count per cgroup, for every process and thread of the
container, so nothing the submission does inside can forge or hide it. This is
how isolate (cgroup cpuacct) and DMOJ (the process's CPU time) charge time too;
wall time remains only as a backstop for sleepers and blocked processes.

Three sources, in order of preference:
- cgroup v1 files (``cpuacct.usage``, ``memory.max_usage_in_bytes``, ``memory.oom_control``);
- cgroup v2 files (``cpu.stat``, ``memory.peak``, ``memory.events``);
- the engine's one-shot stats, when the cgroup tree is not visible (the judge itself
  runs in a container without ``/sys/fs/cgroup`` mounted): CPU and the run's peak
  memory only, at the cost of an API call per reading.

The cgroup tree is looked for under ``JUDGE_CGROUP_ROOT`` (default ``/sys/fs/cgroup``),
with Docker's two layouts (cgroupfs driver and systemd driver).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Protocol

import docker

CGROUP_ROOT = Path(os.environ.get("JUDGE_CGROUP_ROOT", "/sys/fs/cgroup"))
_V1_LAYOUTS = ("{controller}/docker/{id}", "{controller}/system.slice/docker-{id}.scope")
_V2_LAYOUTS = ("docker/{id}", "system.slice/docker-{id}.scope", "unified/docker/{id}")


class Accounting(Protocol):
    source: str  # "cgroup v1", "cgroup v2" or "engine stats"

    def cpu_ns(self) -> int | None:
        """CPU time used by the whole container so far; None if it cannot be read."""

    def reset_peak(self) -> bool:
        """Start a new peak-memory window; False if this source cannot."""

    def peak_bytes(self) -> int | None:
        """The container's peak memory since the last reset (or its start)."""

    def oom_kills(self) -> int | None:
        """How many processes of the container the kernel killed for memory."""

    def processes(self) -> int | None:
        """How many processes the container has now (threads not counted)."""


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_bytes().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _count_lines(path: Path) -> int | None:
    try:
        return path.read_bytes().count(b"\n")
    except OSError:
        return None


def _field(path: Path, name: str) -> int | None:
    try:
        text = path.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if key == name:
            with contextlib.suppress(ValueError):
                return int(value)
    return None


class CgroupV1:
    source = "cgroup v1"

    def __init__(self, cpu: Path, memory: Path):
        self._usage = cpu / "cpuacct.usage"
        self._peak = memory / "memory.max_usage_in_bytes"
        self._oom = memory / "memory.oom_control"
        self._procs = memory / "cgroup.procs"

    @classmethod
    def find(cls, root: Path, container_id: str) -> CgroupV1 | None:
        for layout in _V1_LAYOUTS:
            cpu = root / layout.format(controller="cpuacct", id=container_id)
            memory = root / layout.format(controller="memory", id=container_id)
            if (cpu / "cpuacct.usage").exists() and (memory / "memory.oom_control").exists():
                return cls(cpu, memory)
        return None

    def cpu_ns(self) -> int | None:
        return _read_int(self._usage)

    def reset_peak(self) -> bool:
        try:
            self._peak.write_bytes(b"0")  # the kernel sets it to the current usage
        except OSError:  # a read-only mount of the tree
            return False
        return True

    def peak_bytes(self) -> int | None:
        return _read_int(self._peak)

    def oom_kills(self) -> int | None:
        return _field(self._oom, "oom_kill")

    def processes(self) -> int | None:
        return _count_lines(self._procs)


class CgroupV2:
    source = "cgroup v2"

    def __init__(self, folder: Path):
        self._stat = folder / "cpu.stat"
        self._events = folder / "memory.events"
        self._procs = folder / "cgroup.procs"
        self._peak_fd: int | None = None
        # memory.peak resets per open file (kernel 6.12+): keep one open for this run.
        with contextlib.suppress(OSError):
            self._peak_fd = os.open(folder / "memory.peak", os.O_RDWR)

    @classmethod
    def find(cls, root: Path, container_id: str) -> CgroupV2 | None:
        for layout in _V2_LAYOUTS:
            folder = root / layout.format(id=container_id)
            if (folder / "cpu.stat").exists() and (folder / "memory.events").exists():
                return cls(folder)
        return None

    def cpu_ns(self) -> int | None:
        usec = _field(self._stat, "usage_usec")
        return None if usec is None else usec * 1000

    def reset_peak(self) -> bool:
        if self._peak_fd is None:
            return False
        try:
            os.pwrite(self._peak_fd, b"reset", 0)
        except OSError:  # a kernel before 6.12: the peak is the container's whole life
            return False
        return True

    def peak_bytes(self) -> int | None:
        if self._peak_fd is None:
            return None
        try:
            return int(os.pread(self._peak_fd, 64, 0).split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def oom_kills(self) -> int | None:
        return _field(self._events, "oom_kill")

    def processes(self) -> int | None:
        return _count_lines(self._procs)

    def __del__(self) -> None:
        if self._peak_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._peak_fd)


class EngineStats:
    """The engine's one-shot stats: no reset of the peak and no OOM counter (the engine's
    OOMKilled flag, read after the container stops, stands in for it)."""

    source = "engine stats"

    def __init__(self, client: docker.DockerClient, container_id: str):
        self._client = client
        self._id = container_id

    def _stats(self) -> dict[str, Any]:
        try:
            return self._client.api.stats(self._id, stream=False, one_shot=True)
        except docker.errors.DockerException:
            return {}

    def cpu_ns(self) -> int | None:
        usage = self._stats().get("cpu_stats", {}).get("cpu_usage", {})
        return usage.get("total_usage")

    def reset_peak(self) -> bool:
        return False

    def peak_bytes(self) -> int | None:
        return self._stats().get("memory_stats", {}).get("max_usage")

    def oom_kills(self) -> int | None:
        return None

    def processes(self) -> int | None:
        return None  # the stats count threads too (numpy starts some): not a process count


def for_container(client: docker.DockerClient, container_id: str) -> Accounting:
    return (
        CgroupV1.find(CGROUP_ROOT, container_id)
        or CgroupV2.find(CGROUP_ROOT, container_id)
        or EngineStats(client, container_id)
    )
