"""Warm containers: started ahead of time, handed out once, removed in the background.

Creating and starting a container costs about 350 ms of engine time here, and
removing one about 100 ms; a run itself often takes 20 ms. So launcher threads
keep a few instances of each recently used container shape started with the
harness loaded, and reaper threads remove used ones after the result is out.
An instance is never handed out twice.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

from sandbox.instance import Instance, retire
from sandbox.limits import SandboxLimits

log = logging.getLogger("pyjudge.pool")

# Idle instances are replaced before other processes' sweeps would call them strays.
MAX_IDLE_S = 10 * 60
# A shape nobody asked for in this long stops being kept warm.
SHAPE_UNUSED_S = 15 * 60
# While the pool keeps up, background engine work waits until runs end and this long
# after (the result is being stored and sent); a removal waits at most MAX_REAP_DELAY_S.
QUIET_AFTER_RUN_S = 0.05
MAX_REAP_DELAY_S = 1.0
SWEEP_EVERY_S = 60
_STOP = None


class WarmPool:
    def __init__(
        self,
        launch: Callable[[SandboxLimits], Instance],
        size: int,
        launchers: int = 2,
        reapers: int = 2,
        sweep: Callable[[], object] = lambda: None,
    ):
        self._launch = launch
        self._sweep = sweep
        self._last_sweep = time.monotonic()
        self.size = size
        self._idle: dict[tuple, deque[Instance]] = {}
        self._launching: dict[tuple, int] = {}
        self._wanted: dict[tuple, tuple[SandboxLimits, float]] = {}
        self._running = 0  # runs in progress (see running())
        self._last_run_end = 0.0
        self._lock = threading.Condition()
        self._retiring: queue.Queue[Instance | None] = queue.Queue()
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._launcher, name=f"pool-launcher-{i}", daemon=True)
            for i in range(launchers)
        ] + [
            threading.Thread(target=self._reaper, name=f"pool-reaper-{i}", daemon=True)
            for i in range(reapers)
        ]
        self._reapers = reapers
        for thread in self._threads:
            thread.start()

    def want(self, limits: SandboxLimits) -> None:
        """Keep instances of this shape warm from now on."""
        with self._lock:
            self._wanted[limits.shape()] = (limits, time.monotonic())
            self._lock.notify_all()

    def take(self, limits: SandboxLimits) -> Instance | None:
        """A live warm instance of the job's shape, or None (the caller launches one)."""
        self.want(limits)
        shape = limits.shape()
        while True:
            with self._lock:
                idle = self._idle.get(shape)
                if not idle:
                    return None
                instance = idle.popleft()
                self._lock.notify_all()
            if instance.stream.quiet():
                return instance
            self.retire(instance)  # died while waiting (say the engine restarted)

    def retire(self, instance: Instance) -> None:
        self._retiring.put(instance)

    def _busy(self) -> bool:
        """A run is in progress or just ended (its result is still being stored and sent)."""
        return self._running > 0 or time.monotonic() - self._last_run_end < QUIET_AFTER_RUN_S

    def _keeping_up(self) -> bool:
        """Every wanted shape has a warm instance waiting: background work is not urgent."""
        return all(self._idle.get(shape) for shape in self._wanted)

    def _may_wait(self) -> bool:
        """Defer background engine work: runs are in progress and nobody waits for it."""
        return self._busy() and self._keeping_up() and not self._stopping.is_set()

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Marks a run in progress: starting or removing a container takes a burst of
        engine CPU, so non-urgent starts and removals wait until it is over."""
        with self._lock:
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._last_run_end = time.monotonic()
                self._lock.notify_all()

    def idle_ids(self, limits: SandboxLimits | None = None) -> set[str]:
        with self._lock:
            return {
                i.id
                for shape, idle in self._idle.items()
                if limits is None or shape == limits.shape()
                for i in idle
            }

    def settle(self, timeout: float = 30.0) -> bool:
        """Wait until every retired instance is removed (tests use this)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._retiring.unfinished_tasks == 0:
                return True
            time.sleep(0.02)
        return False

    def close(self) -> None:
        self._stopping.set()
        with self._lock:
            self._lock.notify_all()
        for thread in self._threads[: len(self._threads) - self._reapers]:
            thread.join(timeout=60)
        with self._lock:
            leftovers = [i for idle in self._idle.values() for i in idle]
            self._idle.clear()
        for instance in leftovers:
            self.retire(instance)
        for _ in range(self._reapers):
            self._retiring.put(_STOP)
        for thread in self._threads[len(self._threads) - self._reapers :]:
            thread.join(timeout=60)

    def _next_shape(self) -> SandboxLimits | None:
        """The shape furthest below its target, marked as launching; None if all are full."""
        now = time.monotonic()
        for shape, (_, last_used) in list(self._wanted.items()):
            if now - last_used > SHAPE_UNUSED_S:
                del self._wanted[shape]
        for shape, idle in self._idle.items():
            while idle and (now - idle[0].launched_at > MAX_IDLE_S or shape not in self._wanted):
                self.retire(idle.popleft())
        short = [
            (len(self._idle.get(shape, ())) + self._launching.get(shape, 0), limits)
            for shape, (limits, _) in self._wanted.items()
        ]
        short = [(count, limits) for count, limits in short if count < self.size]
        if self._busy():
            # Not urgent while one is kept idle of each shape: wait for the runs to end.
            short = [
                (count, limits) for count, limits in short if not self._idle.get(limits.shape())
            ]
        if not short:
            return None
        limits = min(short, key=lambda pair: pair[0])[1]
        self._launching[limits.shape()] = self._launching.get(limits.shape(), 0) + 1
        return limits

    def _launcher(self) -> None:
        backoff = 0.5
        while not self._stopping.is_set():
            self._housekeeping()
            with self._lock:
                limits = self._next_shape()
                if limits is None:
                    self._lock.wait(timeout=QUIET_AFTER_RUN_S if self._busy() else 5.0)
                    continue
            shape = limits.shape()
            instance = None
            try:
                instance = self._launch(limits)
                backoff = 0.5
            except Exception as exc:
                log.warning("could not start a warm container (retrying): %s", exc)
            with self._lock:
                self._launching[shape] -= 1
                keep = instance is not None and not self._stopping.is_set()
                if keep and instance is not None:
                    self._idle.setdefault(shape, deque()).append(instance)
                    self._lock.notify_all()
            if instance is None:
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, 5.0)
            elif not keep:
                self.retire(instance)

    def _housekeeping(self) -> None:
        """Now and then, remove leftovers whose removal failed (say, the engine was down)."""
        with self._lock:
            due = time.monotonic() - self._last_sweep > SWEEP_EVERY_S
            if due:
                self._last_sweep = time.monotonic()
        if due:
            try:
                self._sweep()
            except Exception as exc:
                log.warning("sweep failed (retrying later): %s", exc)

    def _reaper(self) -> None:
        while True:
            instance = self._retiring.get()
            with self._lock:
                self._lock.wait_for(lambda: not self._may_wait(), timeout=MAX_REAP_DELAY_S)
            try:
                if instance is None:  # _STOP
                    return
                try:
                    retire(instance)
                except Exception as exc:  # the engine's sweep removes it later
                    log.warning("could not remove container %s: %s", instance.id[:12], exc)
            finally:
                self._retiring.task_done()
