"""Live progress: each test's result stored as it ends, off the judging thread.

The judging thread only hands results over; a writer thread stores whatever has
piled up in one transaction. So a slow or absent database delays what readers see,
never the run itself, and a lost write costs nothing but liveliness: the final
result stores every test again (api.queue.Queue.complete).
"""

from __future__ import annotations

import logging
import queue as queues
import threading
from collections.abc import Callable

from api.queue import Claim, Queue
from judge.verdicts import TestResult

log = logging.getLogger("pyjudge.worker")

# How long the result waits for progress still being written before it is stored anyway.
CLOSE_S = 5.0
_END = None


class ProgressWriter:
    def __init__(
        self,
        queue: Queue,
        claim: Claim,
        total: int,
        on_stored: Callable[[Claim], None] = lambda claim: None,
    ):
        self.queue = queue
        self.claim = claim
        self.total = total
        self.on_stored = on_stored
        self.stored = 0  # tests stored so far (for tests and logs)
        self._pending: queues.SimpleQueue[tuple[int, TestResult] | None] = queues.SimpleQueue()
        self._thread = threading.Thread(
            target=self._write, name=f"progress-{claim.id[:8]}", daemon=True
        )
        self._thread.start()

    def __call__(self, index: int, result: TestResult) -> None:
        """Called by the judge as each test ends."""
        self._pending.put((index, result))

    def close(self) -> None:
        """Waits (a bounded time) until what was handed over is stored or dropped."""
        self._pending.put(_END)
        self._thread.join(CLOSE_S)

    def _write(self) -> None:
        # First, with no tests: readers learn the run started and how many tests it has.
        try:
            if not self.queue.progress(self.claim, [], self.total):
                return
            self.on_stored(self.claim)
        except Exception as exc:
            log.debug("progress of %s not stored: %s", self.claim.id, exc)
        ended = False
        while not ended:
            batch = [self._pending.get()]
            while True:  # everything that piled up meanwhile goes in one transaction
                try:
                    batch.append(self._pending.get_nowait())
                except queues.Empty:
                    break
            ended = _END in batch
            tests = [item for item in batch if item is not _END]
            if not tests:
                continue
            try:
                kept = self.queue.progress(self.claim, tests, self.total)
            except Exception as exc:  # the final result stores these anyway
                log.debug("progress of %s not stored: %s", self.claim.id, exc)
                continue
            if not kept:
                return  # the lease is gone: nothing more of this run is wanted
            self.stored += len(tests)
            try:
                self.on_stored(self.claim)
            except Exception:
                log.exception("after storing progress of %s", self.claim.id)
