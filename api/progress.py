"""Live progress: each test's result stored as it ends, off the judging thread.

The judging thread only hands results over; a writer thread stores whatever has
piled up in one transaction. So a slow or absent database delays what readers see,
never the run itself, and a lost write costs nothing but liveliness: the final
result stores every test again (api.queue.Queue.complete).

Secret tests are published on a clock of their own, not when they end: once a
secret test is waiting, it (and whatever follows it) is stored at the next tick of
SECRET_TICK_S counted from the run's start. Otherwise the moments at which they
appeared would time each secret call as finely as the reader cares to watch, and a
submission could encode a hidden input in how long it sleeps. With ticks, all the
arrival times tell is the tick in which each test ended: at a 1 s time limit (a
sleeping call is ended within 4 s) at most 2 bits a test, no finer than the one
bit of time_band that a secret test shows anyway (judge.grading.secret_view).
"""

from __future__ import annotations

import logging
import math
import queue as queues
import threading
import time
from collections.abc import Callable

from api.queue import Claim, Queue
from judge.verdicts import TestResult

log = logging.getLogger("pyjudge.worker")

# How long the result waits for progress still being written before it is stored anyway.
CLOSE_S = 5.0
SECRET_TICK_S = 1.0
_END = None


class ProgressWriter:
    def __init__(
        self,
        queue: Queue,
        claim: Claim,
        total: int,
        on_stored: Callable[[Claim], None] = lambda claim: None,
        secret_tick_s: float = SECRET_TICK_S,
    ):
        self.queue = queue
        self.claim = claim
        self.total = total
        self.on_stored = on_stored
        self.secret_tick_s = secret_tick_s
        self.stored = 0  # tests stored so far (for tests and logs)
        self.started = time.monotonic()  # where the secret tests' ticks count from
        self._pending: queues.SimpleQueue[tuple[int, TestResult] | None] = queues.SimpleQueue()
        self._thread = threading.Thread(
            target=self._write, name=f"progress-{claim.id[:8]}", daemon=True
        )
        self._thread.start()

    def __call__(self, index: int, result: TestResult) -> None:
        """Called by the judge as each test ends."""
        self._pending.put((index, result))

    def close(self) -> None:
        """Waits (a bounded time) until what was handed over is stored or dropped.
        Tests still held for their tick are dropped: the result stores them all."""
        self._pending.put(_END)
        self._thread.join(CLOSE_S)

    def _next_tick(self) -> float:
        ticks = math.floor((time.monotonic() - self.started) / self.secret_tick_s) + 1
        return self.started + ticks * self.secret_tick_s

    def _write(self) -> None:
        # First, with no tests: readers learn the run started and how many tests it has.
        if not self._store([]):
            return
        held: list[tuple[int, TestResult]] = []
        tick: float | None = None  # when the held secret tests may be stored
        while True:
            timeout = None if tick is None else max(0.0, tick - time.monotonic())
            try:
                batch = [self._pending.get(timeout=timeout)]
            except queues.Empty:
                batch = []
            while True:  # everything that piled up meanwhile goes in one transaction
                try:
                    batch.append(self._pending.get_nowait())
                except queues.Empty:
                    break
            if _END in batch:
                return
            held += [item for item in batch if item is not _END]
            if tick is not None and time.monotonic() >= tick:
                ready, held, tick = held, [], None
            else:
                first_secret = next(
                    (n for n, (_, test) in enumerate(held) if test.is_secret), len(held)
                )
                ready, held = held[:first_secret], held[first_secret:]
                if held and tick is None:
                    tick = self._next_tick()
            if ready and not self._store(ready):
                return

    def _store(self, tests: list[tuple[int, TestResult]]) -> bool:
        """False once the lease is gone: nothing more of this run is wanted."""
        try:
            kept = self.queue.progress(self.claim, tests, self.total)
        except Exception as exc:  # the final result stores these anyway
            log.debug("progress of %s not stored: %s", self.claim.id, exc)
            return True
        if not kept:
            return False
        self.stored += len(tests)
        try:
            self.on_stored(self.claim)
        except Exception:
            log.exception("after storing progress of %s", self.claim.id)
        return True
