"""The judging queue, kept in the submissions table.

A submission is acknowledged only after its row is committed. A worker claims
one with a conditional UPDATE (so two workers never hold the same lease),
heartbeats while judging, and stores the result with another conditional UPDATE
that only the current lease holder can win: a worker whose lease expired and
was taken over cannot store a second, different result.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from api import db
from api.models import Submission, TestRow, utcnow
from api.notify import QUEUED_CHANNEL
from judge.budget import OutputBudget
from judge.verdicts import Judgement, TestResult, Verdict

QUEUED, RUNNING, DONE = "queued", "running", "done"

# What one result may leave in the database, whatever grading handed over: a
# submission printing megabytes must not grow the file by megabytes. Sizes are
# UTF-8 bytes (of the JSON text for ``output``); see docs/api.md.
STDOUT_CAP_BYTES = 16 << 10  # per public test
OUTPUT_CAP_BYTES = 16 << 10  # per public test; a bigger value becomes a marker string
MESSAGE_CAP_BYTES = 4 << 10  # per test, and the submission's message
SUBMISSION_CAP_BYTES = 256 << 10  # all of the above in one submission together


@dataclass(frozen=True)
class NewSubmission:
    problem_id: str
    problem_hash: str
    source: str
    owner_key_id: int | None = None
    kind: str = "submission"
    custom_args: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Claim:
    seq: int
    id: str
    worker: str
    kind: str
    problem_id: str
    source: str
    custom_args: list[dict[str, Any]] | None
    created_at: datetime
    problem_hash: str  # the problem's version when the submission arrived


# Queued, or running under a lease that expired (its worker died) at ``now_``.
_CLAIMABLE = or_(
    Submission.status == QUEUED,
    and_(Submission.status == RUNNING, Submission.lease_expires_at < bindparam("now_")),
)
_NEXT = (
    select(Submission.seq, Submission.attempts).where(_CLAIMABLE).order_by(Submission.seq).limit(1)
)
_TAKE = (
    update(Submission)
    .where(Submission.seq == bindparam("seq_"), _CLAIMABLE)
    .values(
        status=RUNNING,
        lease_owner=bindparam("worker_"),
        lease_expires_at=bindparam("expires_"),
        attempts=Submission.attempts + 1,
        started_at=bindparam("started_", type_=Submission.started_at.type),
    )
    .returning(
        Submission.id,
        Submission.kind,
        Submission.problem_id,
        Submission.source,
        Submission.custom_args,
        Submission.created_at,
        Submission.problem_hash,
    )
)

# Stores a result, only for the worker that still holds the lease.
_FINISH = (
    update(Submission)
    .where(
        Submission.seq == bindparam("seq_"),
        Submission.status == RUNNING,
        Submission.lease_owner == bindparam("worker_"),
    )
    .values(
        status=DONE,
        verdict=bindparam("verdict_"),
        message=bindparam("message_"),
        time_ms=bindparam("time_ms_"),
        max_time_ms=bindparam("max_time_ms_"),
        memory_kb=bindparam("memory_kb_"),
        wall_ms=bindparam("wall_ms_"),
        problem_hash=bindparam("problem_hash_"),
        provenance=bindparam("provenance_", type_=Submission.provenance.type),
        finished_at=bindparam("finished_", type_=Submission.finished_at.type),
        lease_owner=None,
        lease_expires_at=None,
    )
)


class Queue:
    def __init__(self, sessions: sessionmaker[Session], lease_s: float, max_attempts: int):
        self.sessions = sessions
        self.lease_s = lease_s
        self.max_attempts = max_attempts
        self._engine: Engine = sessions.kw["bind"]

    def add(self, items: list[NewSubmission]) -> list[Submission]:
        """Stores submissions with no admission checks (see api.admission for those)."""
        rows = [submission_row(item) for item in items]
        with self.sessions.begin() as session:
            session.add_all(rows)
            db.notify(session.connection(), QUEUED_CHANNEL)
        return rows

    def depth(self) -> int:
        with self.sessions() as session:
            return (
                session.scalar(
                    select(func.count()).select_from(Submission).where(Submission.status == QUEUED)
                )
                or 0
            )

    def pending_for(self, owner_key_id: int | None) -> int:
        with self.sessions() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(Submission)
                    .where(
                        owned_by(owner_key_id),
                        Submission.status.in_((QUEUED, RUNNING)),
                    )
                )
                or 0
            )

    def claim(self, worker: str) -> Claim | None:
        """The oldest claimable submission, now leased to this worker; None when idle."""
        for _ in range(20):  # lost races retry with the next candidate
            now = time.time()
            # Core on one connection with statements built once: this runs once per
            # submission, and the ORM's object loading cost more than the queries.
            with self._engine.begin() as connection:
                row = connection.execute(_NEXT, {"now_": now}).first()
                if row is None:
                    return None
                seq, attempts = row
                if attempts >= self.max_attempts:
                    self._give_up(connection, seq, now, attempts)
                    continue
                claimed = connection.execute(
                    _TAKE,
                    {
                        "now_": now,
                        "seq_": seq,
                        "worker_": worker,
                        "expires_": now + self.lease_s,
                        "started_": utcnow(),
                    },
                ).first()
                if claimed is None:
                    continue
                return Claim(seq=seq, worker=worker, **claimed._asdict())
        return None

    def _give_up(self, connection: Connection, seq: int, now: float, attempts: int) -> None:
        connection.execute(
            update(Submission)
            .where(Submission.seq == seq, _CLAIMABLE)
            .values(
                status=DONE,
                verdict=Verdict.internal_error.value,
                message=f"judging was interrupted {attempts} times; not retried again",
                finished_at=utcnow(),
                lease_owner=None,
                lease_expires_at=None,
            ),
            {"now_": now},
        )

    def heartbeat(self, claim: Claim) -> bool:
        with self.sessions.begin() as session:
            return (
                session.execute(
                    update(Submission)
                    .where(*self._held(claim))
                    .values(lease_expires_at=time.time() + self.lease_s)
                ).rowcount
                == 1
            )

    def release(self, claim: Claim, refund: bool = True) -> None:
        """Back to the queue. The attempt is refunded when the engine went away (not the
        submission's fault, and it may come back); a judge fault that repeats still
        ends as internal_error after max_attempts."""
        with self.sessions.begin() as session:
            session.execute(
                update(Submission)
                .where(*self._held(claim))
                .values(
                    status=QUEUED,
                    lease_owner=None,
                    lease_expires_at=None,
                    attempts=Submission.attempts - (1 if refund else 0),
                )
            )

    def complete(self, claim: Claim, judgement: Judgement) -> bool:
        """Stores the result if this worker still holds the lease; False if it lost it.

        Text is made storable (SQLite's UTF-8 has no lone surrogates) and bounded
        (see the caps above) here, whatever the judge upstream already did."""
        budget = OutputBudget(SUBMISSION_CAP_BYTES)
        values = {
            "seq_": claim.seq,
            "worker_": claim.worker,
            "verdict_": judgement.verdict.value,
            "message_": budget.text(judgement.message, MESSAGE_CAP_BYTES),
            "time_ms_": judgement.time_ms,
            "max_time_ms_": judgement.max_time_ms,
            "memory_kb_": judgement.memory_kb,
            "wall_ms_": judgement.wall_ms,
            "problem_hash_": storable(judgement.provenance.problem_hash),
            "provenance_": storable(judgement.provenance.model_dump()),
            "finished_": utcnow(),
        }
        rows = [
            {
                "submission_seq": claim.seq,
                "position": position,
                "test_id": storable(test.id),
                "group": storable(test.group),
                "verdict": test.verdict.value,
                "time_ms": test.time_ms,
                "wall_ms": test.wall_ms,
                "memory_kb": test.memory_kb,
                "time_band": storable(test.time_band),
                "message": budget.text(test.message, MESSAGE_CAP_BYTES),
                "detail": None if test.group == "secret" else _detail(test, budget),
            }
            for position, test in enumerate(judgement.tests)
        ]
        with self._engine.begin() as connection:
            won = connection.execute(_FINISH, values).rowcount
            if won != 1:
                connection.rollback()
                return False
            if rows:  # one executemany, not an ORM flush per row
                connection.execute(insert(TestRow), rows)
        return True

    def _held(self, claim: Claim) -> tuple[Any, ...]:
        return (
            Submission.seq == claim.seq,
            Submission.status == RUNNING,
            Submission.lease_owner == claim.worker,
        )


def submission_row(item: NewSubmission) -> Submission:
    return Submission(
        id=uuid.uuid4().hex,
        problem_id=item.problem_id,
        problem_hash=item.problem_hash,
        source=item.source,
        owner_key_id=item.owner_key_id,
        kind=item.kind,
        custom_args=item.custom_args,
        status=QUEUED,
        created_at=utcnow(),
        attempts=0,
    )


def owned_by(owner_key_id: int | None) -> Any:
    if owner_key_id is None:
        return Submission.owner_key_id.is_(None)
    return Submission.owner_key_id == owner_key_id


def storable(value: Any) -> Any:
    """A JSON value whose strings SQLite can store: lone surrogates become '?'."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    return value


def _detail(test: TestResult, budget: OutputBudget) -> dict[str, Any]:
    """A public test's values. ``input`` and ``expected`` come from the problem or the
    caller's request (bounded by the body limit), so only what the submission made
    (its output and what it printed) is capped."""
    return {
        "input": storable(test.input),
        "expected": storable(test.expected),
        "output": storable(budget.value(test.output, OUTPUT_CAP_BYTES, "stored")),
        "stdout": budget.text(test.stdout, STDOUT_CAP_BYTES),
    }
