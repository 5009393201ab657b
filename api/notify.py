"""Wake-ups: idle workers when work is queued, waiting requests when a result is stored.

In one process a condition variable does it. Across machines (PostgreSQL) the
database's NOTIFY carries the same news to a listener thread here; polling stays
as the SQLite path and as the fallback while the listener is down (news sent
then is lost, so everyone looks again once it is back).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import defaultdict

from api import db
from api.settings import NOTIFIED_POLL_S, POLL_S

log = logging.getLogger("pyjudge")

# Channels (PostgreSQL NOTIFY): work was queued; a submission (the payload, its id) is
# done; a submission stored more of its tests' results.
QUEUED_CHANNEL = "pyjudge_queued"
DONE_CHANNEL = "pyjudge_done"
PROGRESS_CHANNEL = "pyjudge_progress"
LISTENER_NAME = "pyjudge-listener"  # its application_name, as pg_stat_activity shows it

LISTEN_TICK_S = 1.0  # how often the listener checks whether to stop
BACKOFF_S, BACKOFF_MAX_S = 0.5, 5.0  # reconnecting after the database went away


class Wakeups:
    def __init__(
        self,
        url: str | None = None,
        poll_s: float = POLL_S,
        notified_poll_s: float = NOTIFIED_POLL_S,
    ) -> None:
        self._url = url if url and db.is_postgres(url) else None
        self.poll_s = poll_s
        self.notified_poll_s = notified_poll_s
        self._doorbell = threading.Condition()
        self._rings = 0
        self._waiters: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = (
            defaultdict(list)
        )
        self._followers: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = (
            defaultdict(list)
        )
        self._lock = threading.Lock()
        self._listening = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def idle_wait_s(self) -> float:
        """How long an idle worker or a waiting request may sleep between looks at
        the database: long only while NOTIFY would wake it sooner."""
        return self.notified_poll_s if self._listening.is_set() else self.poll_s

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def start(self) -> None:
        """Listen for other processes' news (PostgreSQL only; idempotent)."""
        if self._url is None or self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._listen, name="wakeups", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(LISTEN_TICK_S + 10)
            self._thread = None
        self._listening.clear()

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

    def watch(self, submission_id: str, progress: bool = False) -> asyncio.Event:
        """An event set when the submission is done (and, with ``progress``, each time
        more of its tests are stored)."""
        event = asyncio.Event()
        waiters = self._followers if progress else self._waiters
        with self._lock:
            waiters[submission_id].append((asyncio.get_running_loop(), event))
        return event

    def forget(self, submission_id: str, event: asyncio.Event) -> None:
        with self._lock:
            for table in (self._waiters, self._followers):
                waiters = table.get(submission_id, [])
                waiters[:] = [(loop, e) for loop, e in waiters if e is not event]
                if not waiters:
                    table.pop(submission_id, None)

    def done(self, submission_id: str) -> None:
        """Called from worker (or listener) threads."""
        with self._lock:
            waiters = [
                *self._waiters.get(submission_id, []),
                *self._followers.get(submission_id, []),
            ]
        _set(waiters)

    def progressed(self, submission_id: str) -> None:
        """More tests of the submission were stored (from worker or listener threads)."""
        with self._lock:
            waiters = list(self._followers.get(submission_id, []))
        _set(waiters)

    def wake_all(self) -> None:
        """News may have been missed, or the sleepers are stopping: every sleeper
        looks again at once."""
        self.work_queued()
        with self._lock:
            waiters = [
                waiter
                for table in (self._waiters, self._followers)
                for group in table.values()
                for waiter in group
            ]
        _set(waiters)

    def _listen(self) -> None:
        import psycopg  # only PostgreSQL needs it

        url = db.normalized(self._url or "").set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        failures = 0
        while not self._stopping.is_set():
            try:
                with psycopg.connect(
                    conninfo,
                    autocommit=True,
                    connect_timeout=5,
                    application_name=LISTENER_NAME,
                    # a peer that vanished without a word is noticed within ~20 s
                    keepalives=1,
                    keepalives_idle=10,
                    keepalives_interval=5,
                    keepalives_count=2,
                ) as connection:
                    for channel in (QUEUED_CHANNEL, DONE_CHANNEL, PROGRESS_CHANNEL):
                        connection.execute(f"LISTEN {channel}")
                    self._listening.set()
                    if failures:
                        log.info("listening for NOTIFY again on %s", db.masked(url))
                        self.wake_all()
                    failures = 0
                    while not self._stopping.is_set():
                        for note in connection.notifies(timeout=LISTEN_TICK_S):
                            if note.channel == QUEUED_CHANNEL:
                                self.work_queued()
                            elif note.channel == DONE_CHANNEL:
                                self.done(note.payload)
                            elif note.channel == PROGRESS_CHANNEL:
                                self.progressed(note.payload)
            except Exception as exc:
                self._listening.clear()
                if not failures:  # once per outage
                    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    log.warning(
                        "NOTIFY listener lost %s (%s: %s); polling every %.1f s until it is back",
                        db.masked(url),
                        type(exc).__name__,
                        reason,
                        self.poll_s,
                    )
                failures += 1
                self._stopping.wait(min(BACKOFF_MAX_S, BACKOFF_S * 2 ** (failures - 1)))
        self._listening.clear()


def _set(waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]]) -> None:
    for loop, event in waiters:
        with contextlib.suppress(RuntimeError):  # that request's loop has closed
            loop.call_soon_threadsafe(event.set)
