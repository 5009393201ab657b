"""Wake-ups: idle workers when work is queued, waiting requests when a result is stored.

In one process a condition variable does it. Across machines (PostgreSQL) the
database's NOTIFY carries the same news; polling stays as the SQLite path and as
a fallback should a notification be missed.
"""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict

# Channels (PostgreSQL NOTIFY): work was queued; a submission (the payload, its id) is done.
QUEUED_CHANNEL = "pyjudge_queued"
DONE_CHANNEL = "pyjudge_done"


class Wakeups:
    def __init__(self) -> None:
        self._doorbell = threading.Condition()
        self._rings = 0
        self._waiters: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = (
            defaultdict(list)
        )
        self._lock = threading.Lock()

    def start(self) -> None:
        """Begin listening for other processes' news (nothing to do in one process)."""

    def stop(self) -> None:
        pass

    def rings(self) -> int:
        with self._doorbell:
            return self._rings

    def work_queued(self) -> None:
        with self._doorbell:
            self._rings += 1
            self._doorbell.notify_all()

    def wait_for_work(self, seen: int, timeout: float) -> None:
        """Return when work was queued since ``rings()`` said ``seen``, or at timeout."""
        with self._doorbell:
            self._doorbell.wait_for(lambda: self._rings != seen, timeout)

    def watch(self, submission_id: str) -> asyncio.Event:
        event = asyncio.Event()
        with self._lock:
            self._waiters[submission_id].append((asyncio.get_running_loop(), event))
        return event

    def forget(self, submission_id: str, event: asyncio.Event) -> None:
        with self._lock:
            waiters = self._waiters.get(submission_id, [])
            waiters[:] = [(loop, e) for loop, e in waiters if e is not event]
            if not waiters:
                self._waiters.pop(submission_id, None)

    def done(self, submission_id: str) -> None:
        """Called from worker (or listener) threads."""
        with self._lock:
            waiters = list(self._waiters.get(submission_id, []))
        for loop, event in waiters:
            loop.call_soon_threadsafe(event.set)
