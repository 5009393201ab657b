"""Admission: whether a caller may queue submissions now, decided by the database.

Limits kept in one API process's memory are per process: three APIs let a caller
through three times over, and counting then inserting without a lock let 16
parallel clients pass a cap of 100 with 108. So one transaction per request
spends from the caller's token bucket (a row, refilled on the database's clock),
counts the queue and the owner's pending work, and inserts, while holding:

- on PostgreSQL, the bucket's row lock (the upsert takes it) and then a
  transaction-scoped advisory lock on the owner. The owner lock is needed apart
  from the bucket because in open mode every client address has its own bucket
  but all of them are one owner;
- on SQLite, the database's write lock, which the bucket upsert (the first
  statement, a write) takes before anything is counted.

The global queue limit is counted under the owner's lock only: two owners may
together pass ``max_queue`` by a request or two, which is all that limit is for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Connection, Float, Table, bindparam, case, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from api import db
from api.errors import ApiError
from api.models import RateBucket, Submission
from api.notify import QUEUED_CHANNEL
from api.queue import QUEUED, RUNNING, NewSubmission, owned_by, submission_row
from api.settings import ServiceSettings

# pg_advisory_xact_lock(namespace, owner): the two-int key space, apart from the
# migration lock's single 64-bit key. Owner 0 is open mode (key ids start at 1).
OWNER_LOCK_NAMESPACE = 0x70796A61  # "pyja"
_BUCKETS = cast(Table, RateBucket.__table__)


@dataclass(frozen=True)
class Limits:
    rate_per_s: float  # tokens a bucket regains per second
    rate_burst: int  # and holds at most
    max_queue: int  # queued submissions in all
    max_pending_per_key: int  # queued or running per owner

    @classmethod
    def of(cls, settings: ServiceSettings) -> Limits:
        return cls(
            settings.rate_per_s,
            settings.rate_burst,
            settings.max_queue,
            settings.max_pending_per_key,
        )


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


def _refill(dialect: str):
    """INSERT a full bucket, or refill the existing one by the time since it was last
    touched (database clock, never negative, capped at the burst); the tokens now."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    burst = bindparam("burst_", type_=Float)
    elapsed = db.db_now() - _BUCKETS.c.updated_at
    refilled = _BUCKETS.c.tokens + case((elapsed > 0, elapsed), else_=0.0) * bindparam(
        "rate_", type_=Float
    )
    return (
        insert(_BUCKETS)
        .values(bucket=bindparam("bucket_"), tokens=burst, updated_at=db.db_now())
        .on_conflict_do_update(
            index_elements=[_BUCKETS.c.bucket],
            set_={
                "tokens": case((refilled > burst, burst), else_=refilled),
                "updated_at": db.db_now(),
            },
        )
        .returning(_BUCKETS.c.tokens)
    )


_REFILL = {dialect: _refill(dialect) for dialect in ("postgresql", "sqlite")}
_SPEND = (
    update(RateBucket)
    .where(RateBucket.bucket == bindparam("bucket_"))
    .values(tokens=RateBucket.tokens - bindparam("cost_", type_=Float))
)
# Rejudges (priority > 0) wait behind new work and count against neither limit.
_DEPTH = (
    select(func.count())
    .select_from(Submission)
    .where(Submission.status == QUEUED, Submission.priority == 0)
)


class Admission:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        limits: Limits,
        on_queued: Callable[[], None] = lambda: None,
    ):
        self.sessions = sessions
        self.limits = limits
        self.on_queued = on_queued  # wakes this process's idle workers at once

    def admit(
        self, owner_key_id: int | None, bucket: str, items: list[NewSubmission]
    ) -> list[Submission]:
        """Stores ``items`` (each costs a token) if the caller may queue them now; else
        raises the 429 or 503 that says why. A refused request still spends its
        tokens, as any request does: a caller retrying in a loop is slowed down."""
        refusal: ApiError | None = None
        rows: list[Submission] = []
        with self.sessions.begin() as session:
            connection = session.connection()
            refusal = self._spend(connection, bucket, len(items))
            if refusal is None:
                refusal = self._over_limit(connection, owner_key_id, len(items))
            if refusal is None:
                rows = [submission_row(item) for item in items]
                session.add_all(rows)
                db.notify(connection, QUEUED_CHANNEL)
        if refusal is not None:
            raise refusal  # after the commit, which keeps the bucket's spending
        self.on_queued()
        return rows

    def _spend(self, connection: Connection, bucket: str, cost: int) -> ApiError | None:
        rate = self.limits.rate_per_s
        params = {"bucket_": bucket, "burst_": float(self.limits.rate_burst), "rate_": rate}
        tokens = connection.execute(_REFILL[connection.dialect.name], params).scalar_one()
        if tokens >= cost:
            connection.execute(_SPEND, {"bucket_": bucket, "cost_": float(cost)})
            return None
        wait = retry_after((cost - tokens) / rate if rate > 0 else 60.0)
        return ApiError(
            429,
            "rate_limited",
            f"too many requests; retry in {wait} s",
            headers={"Retry-After": wait},
        )

    def _over_limit(
        self, connection: Connection, owner_key_id: int | None, count: int
    ) -> ApiError | None:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:namespace, :owner)"),
                {"namespace": OWNER_LOCK_NAMESPACE, "owner": owner_key_id or 0},
            )
        depth = connection.execute(_DEPTH).scalar_one()
        if depth + count > self.limits.max_queue:
            return ApiError(
                503,
                "queue_full",
                f"the judge has {depth} submissions waiting; retry later",
                headers={"Retry-After": "10"},
            )
        pending = connection.execute(
            select(func.count())
            .select_from(Submission)
            .where(
                owned_by(owner_key_id),
                Submission.status.in_((QUEUED, RUNNING)),
                Submission.priority == 0,
            )
        ).scalar_one()
        cap = self.limits.max_pending_per_key
        if pending + count > cap:
            return ApiError(
                429,
                "too_many_pending",
                f"you have {pending} submissions waiting (limit {cap})",
                headers={"Retry-After": "5"},
            )
        return None
