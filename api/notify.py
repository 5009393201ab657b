"""Wakes requests waiting on a submission as soon as an in-process worker stores it."""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict


class Completions:
    def __init__(self) -> None:
        self._waiters: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = (
            defaultdict(list)
        )
        self._lock = threading.Lock()

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
        """Called from worker threads."""
        with self._lock:
            waiters = list(self._waiters.get(submission_id, []))
        for loop, event in waiters:
            loop.call_soon_threadsafe(event.set)
