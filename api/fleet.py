"""The worker fleet as the database knows it: who is judging, from which library and
image, and whether any of them is alive (heartbeats on the database's clock).

Each worker process keeps one row up to date (``Membership``); the API reads the
rows for ``GET /workers`` and ``/health``, so it needs neither Docker nor the
workers' own clocks to tell whether anyone can judge.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from api.db import db_now, masked
from api.models import Submission, WorkerRow
from api.queue import QUEUED

log = logging.getLogger("pyjudge.fleet")
T = TypeVar("T")

# A worker that has not reported for this long counts as gone.
LIVE_WITHIN_S = 30.0
# How often a worker reports; well inside LIVE_WITHIN_S, so one missed beat is no death.
REPORT_EVERY_S = 5.0
# GET /workers lists stopped or silent workers for this long, then leaves them out ...
LISTED_FOR_S = 3600.0
# ... and a week later their rows are deleted (by the next worker to register).
FORGET_AFTER_S = 7 * 86400.0
# After a failed database call: wait BACKOFF_S, doubling, up to BACKOFF_MAX_S (and
# a failed report at most the report interval).
BACKOFF_S = 0.5
BACKOFF_MAX_S = 30.0


def library_hash(problems: Mapping[str, str]) -> str:
    """One hash for a whole library ({problem id: content hash}): equal libraries, equal hashes."""
    digest = hashlib.sha256()
    for problem_id, content in sorted(problems.items()):
        digest.update(f"{problem_id}\0{content}\n".encode())
    return digest.hexdigest()


def transient(exc: BaseException) -> bool:
    """A database failure that may pass by itself (server restarting, file locked or
    full, connection cut), as opposed to one this statement will always meet."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    if isinstance(exc, DBAPIError):
        return exc.connection_invalidated
    return isinstance(exc, DisconnectionError | PoolTimeout | ConnectionError)


def db_cause(exc: BaseException) -> str:
    """A database error in one line, without the statement and its parameters (which
    carry submitted source and results)."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    return f"{type(inner).__name__}: {text[0] if text else ''}"


class Outage:
    """How long this process has been failing to reach the database: any success ends
    an outage, and a worker process gives up (exits for its supervisor) past a period."""

    def __init__(self) -> None:
        self._since: float | None = None
        self._lock = threading.Lock()

    def ok(self) -> None:
        with self._lock:
            self._since = None

    def failing(self) -> None:
        with self._lock:
            if self._since is None:
                self._since = time.monotonic()

    def down_s(self) -> float:
        with self._lock:
            return 0.0 if self._since is None else time.monotonic() - self._since

    def call(self, call: Callable[[], T]) -> T:
        """A database call, its failure or success counted."""
        try:
            result = call()
        except Exception:
            self.failing()
            raise
        self.ok()
        return result

    def retrying(
        self, what: str, call: Callable[[], T], within_s: float, url: str, stop: threading.Event
    ) -> T:
        """``call`` retried with back-off while the database is unreachable, for up to
        ``within_s`` (or until ``stop``); other errors, and the last failure, are raised."""
        deadline = time.monotonic() + within_s
        failures = 0
        while True:
            try:
                return self.call(call)
            except Exception as exc:
                left = deadline - time.monotonic()
                if not transient(exc) or left <= 0 or stop.is_set():
                    raise
                delay = min(BACKOFF_MAX_S, BACKOFF_S * 2**failures, left)
                failures += 1
                log.warning(
                    "%s at %s failed (%s); retrying in %.1f s", what, url, db_cause(exc), delay
                )
                stop.wait(delay)


@dataclass(frozen=True)
class Identity:
    """What a worker process says about itself once, at registration."""

    name: str  # host:pid:nonce
    host: str
    pid: int
    judge_version: str


@dataclass(frozen=True)
class Report:
    """What a worker process says about itself on every beat."""

    threads: int  # worker threads alive
    runner_image: str  # the image id it checked (or the configured name, unchecked)
    problems: dict[str, str]  # problem id -> content hash
    current: list[str] = field(default_factory=list)
    judged: int = 0
    released: int = 0
    note: str | None = None


class Membership:
    """One worker process's row in the workers table: inserted at start, brought up to
    date every ``every_s`` by a thread of its own, marked stopped at the end.

    Every database call here is guarded: a failure is logged (with the URL's password
    masked), counted in ``outage``, and retried with back-off; a row that went missing
    is inserted again."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        identity: Identity,
        report: Callable[[], Report],
        outage: Outage,
        every_s: float = REPORT_EVERY_S,
    ):
        self.sessions = sessions
        self.identity = identity
        self.report = report
        self.outage = outage
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._written_library: str | None = None
        self._url = masked(sessions.kw["bind"].url)

    def start(self) -> None:
        """Register now if the database answers (so the row is there when start returns);
        otherwise the reporting thread keeps trying."""
        self._guarded(self.beat)
        self._thread = threading.Thread(target=self._loop, name="fleet-report", daemon=True)
        self._thread.start()

    def stop(self, attempts: int = 3) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(30)
        for attempt in range(attempts):
            if self._guarded(self._stopped):
                return
            if attempt + 1 < attempts:
                time.sleep(BACKOFF_S * 2**attempt)
        log.warning("%s could not be marked stopped; it will count as gone", self.identity.name)

    def beat(self) -> None:
        """Report now (tests call this rather than wait for the thread)."""
        report = self.report()
        library = library_hash(report.problems)
        values: dict[str, Any] = {
            "heartbeat_at": db_now(),
            "stopped_at": None,
            "threads": report.threads,
            "runner_image": report.runner_image[:128],
            "current": report.current,
            "judged": report.judged,
            "released": report.released,
            "note": report.note,
        }
        if library != self._written_library:  # a library's JSON is sent only when it changes
            values["library_hash"] = library
            values["problems"] = report.problems
        with self.sessions.begin() as session:
            result = session.execute(
                update(WorkerRow).where(WorkerRow.name == self.identity.name).values(values)
            )
            found = cast(CursorResult[Any], result).rowcount
            if not found:
                self._insert(session, report, library)
        self._written_library = library

    def _insert(self, session: Session, report: Report, library: str) -> None:
        me = self.identity
        session.execute(delete(WorkerRow).where(WorkerRow.heartbeat_at < db_now() - FORGET_AFTER_S))
        session.execute(
            insert(WorkerRow).values(
                name=me.name,
                host=me.host[:128],
                pid=me.pid,
                threads=report.threads,
                judge_version=me.judge_version[:32],
                runner_image=report.runner_image[:128],
                library_hash=library,
                problems=report.problems,
                started_at=db_now(),
                heartbeat_at=db_now(),
                current=report.current,
                judged=report.judged,
                released=report.released,
                note=report.note,
            )
        )

    def _stopped(self) -> None:
        """The last report: its final counts and note, nothing current, stopped."""
        report = self.report()
        with self.sessions.begin() as session:
            session.execute(
                update(WorkerRow)
                .where(WorkerRow.name == self.identity.name)
                .values(
                    stopped_at=db_now(),
                    heartbeat_at=db_now(),
                    current=[],
                    threads=0,
                    judged=report.judged,
                    released=report.released,
                    note=report.note,
                )
            )

    def _loop(self) -> None:
        failures = 0
        delay = self.every_s
        while not self._stop.wait(delay):
            if self._guarded(self.beat):
                failures, delay = 0, self.every_s
            else:
                delay = min(self.every_s, BACKOFF_S * 2**failures)
                failures += 1

    def _guarded(self, call: Callable[[], None]) -> bool:
        try:
            self.outage.call(call)
        except Exception as exc:
            log.warning(
                "worker %s could not report to %s (%s); retrying",
                self.identity.name,
                self._url,
                db_cause(exc),
            )
            return False
        return True


def _live(within_s: float = LIVE_WITHIN_S) -> tuple:
    """Reported lately, not stopped, and with a worker thread still running."""
    return (
        WorkerRow.stopped_at.is_(None),
        WorkerRow.heartbeat_at > db_now() - within_s,
        WorkerRow.threads > 0,
    )


def live_count(sessions: sessionmaker[Session], within_s: float = LIVE_WITHIN_S) -> int:
    """Live worker processes (see _live)."""
    with sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(WorkerRow).where(*_live(within_s))) or 0
        )


@dataclass(frozen=True)
class Fleet:
    """The live part of the fleet, as /health needs it."""

    workers: int
    threads: int
    hashes: frozenset[str]  # every problem version some live worker holds


def live_fleet(sessions: sessionmaker[Session]) -> Fleet:
    with sessions() as session:
        rows = session.execute(select(WorkerRow.threads, WorkerRow.problems).where(*_live())).all()
    hashes = frozenset(h for _, problems in rows for h in (problems or {}).values())
    return Fleet(len(rows), sum(threads for threads, _ in rows), hashes)


@dataclass(frozen=True)
class Listed:
    row: WorkerRow
    alive: bool
    age_s: float  # since its last report, on the database's clock


def listing(sessions: sessionmaker[Session], within_s: float = LISTED_FOR_S) -> list[Listed]:
    """Workers that reported within ``within_s``, live ones first, newest first."""
    with sessions() as session:
        now = session.scalar(select(db_now())) or 0.0
        rows = session.scalars(
            select(WorkerRow)
            .where(WorkerRow.heartbeat_at > now - within_s)
            .order_by(WorkerRow.started_at.desc())
        ).all()
    listed = [
        Listed(
            row,
            row.stopped_at is None and now - row.heartbeat_at < LIVE_WITHIN_S and row.threads > 0,
            max(0.0, now - row.heartbeat_at),
        )
        for row in rows
    ]
    return sorted(listed, key=lambda item: not item.alive)


def name_versions(sessions: sessionmaker[Session], waiting: Mapping[str, int]) -> list[str]:
    """Queued problem versions as people read them: "can_shift@ab12cd34 (3 queued)"."""
    if not waiting:
        return []
    with sessions() as session:
        named = dict(
            session.execute(
                select(Submission.problem_hash, func.min(Submission.problem_id))
                .where(Submission.status == QUEUED, Submission.problem_hash.in_(list(waiting)))
                .group_by(Submission.problem_hash)
            ).all()
        )
    return [
        f"{named.get(version, '?')}@{version[:8]} ({count} queued)"
        for version, count in sorted(waiting.items(), key=lambda item: (-item[1], item[0]))
    ]


def unheld(waiting: Mapping[str, int], held: Collection[str]) -> dict[str, int]:
    """The queued versions (with their counts) that nobody in ``held`` can judge."""
    return {version: count for version, count in waiting.items() if version not in held}
