"""The judging queue, kept in the submissions table.

A submission is acknowledged only after its row is committed. A worker claims
one with a single UPDATE that picks and leases the row at once (so two workers
never hold the same lease), heartbeats while judging, and stores the result with
a conditional UPDATE that only the current lease holder can win: a worker whose
lease expired and was taken over cannot store a second, different result.

While judging, the lease holder stores each test's result as it ends
(``progress``), so readers and event streams see a run fill in; the final result
replaces those rows with the graded whole, in the transaction that ends the lease.

Leases run on the database's clock (db.db_now), never a worker's own: workers on
many machines, with clocks that disagree, compare one time.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Float,
    String,
    Update,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from api import db
from api.models import (
    Submission,
    SubmissionKind,
    SubmissionStatus,
    TestRow,
    VerdictCount,
    WebhookDelivery,
    utcnow,
)
from api.notify import DONE_CHANNEL, PROGRESS_CHANNEL, QUEUED_CHANNEL
from api.stored import MESSAGE_CAP_BYTES, SUBMISSION_CAP_BYTES, row_of, storable
from judge.budget import OutputBudget
from judge.verdicts import Judgement, TestResult, Verdict

QUEUED, RUNNING, DONE = SubmissionStatus.queued, SubmissionStatus.running, SubmissionStatus.done


@dataclass(frozen=True)
class NewSubmission:
    problem_id: str
    problem_hash: str
    source: str
    owner_key_id: int | None = None
    kind: SubmissionKind = SubmissionKind.submission
    custom_args: list[dict[str, Any]] | None = None
    callback_url: str | None = None
    complexity_wanted: bool = False


@dataclass(frozen=True)
class Claim:
    seq: int
    id: str
    worker: str
    kind: SubmissionKind
    problem_id: str
    source: str
    custom_args: list[dict[str, Any]] | None
    created_at: datetime
    problem_hash: str  # the problem's version when the submission arrived (or was rejudged)
    complexity_wanted: bool = False  # estimate the time complexity after an accepted verdict


# Queued, or running under a lease that expired (its worker died), on the database's clock.
_CLAIMABLE = or_(
    Submission.status == QUEUED,
    and_(Submission.status == RUNNING, Submission.lease_expires_at < db.db_now()),
)
# A claim that finds the submission's attempts spent ends it instead (see _claim_statement).
_SPENT = Submission.attempts >= bindparam("max_attempts_")
_GIVE_UP_MESSAGE = (
    literal("judging was interrupted ", String)
    + cast(Submission.attempts, String)
    + literal(" times; not retried again", String)
)


def _claim_statement(filtered: bool) -> Update:
    """One statement takes the next submission: on PostgreSQL the subqueries lock the
    row they pick and skip rows other claimers hold (FOR UPDATE SKIP LOCKED), so
    concurrent claimers each get a different row at once instead of racing for the
    same one. SQLite drops the locking clause; its writes are serialized anyway, and
    the statement runs under the write lock from its start.

    Expired leases come first (their submissions waited longest), then the queued one
    of the lowest priority number, oldest first: new submissions are 0, rejudges
    REJUDGE_PRIORITY, so a rejudge backlog waits behind new work. Two lookups, each
    an ordered walk of an index ((status, seq), (status, priority, seq)): one with an
    OR makes PostgreSQL walk the primary key past every finished submission (200 ms
    a claim at a million rows). COALESCE runs the second only if the first finds none.

    A submission whose attempts are spent (it kept killing its workers) ends as
    internal_error in the same statement; RETURNING says which of the two happened."""

    def oldest(*condition: Any, order: tuple[Any, ...] = (Submission.seq,)) -> Any:
        if filtered:
            condition += (Submission.problem_hash.in_(bindparam("hashes_", expanding=True)),)
        return (
            select(Submission.seq)
            .where(*condition)
            .order_by(*order)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )

    target = func.coalesce(
        oldest(Submission.status == RUNNING, Submission.lease_expires_at < db.db_now()),
        oldest(Submission.status == QUEUED, order=(Submission.priority, Submission.seq)),
    )

    def either(give_up: Any, take: Any) -> Any:
        return case((_SPENT, give_up), else_=take)

    return (
        update(Submission)
        .where(Submission.seq == target, _CLAIMABLE)
        .values(
            status=either(DONE, RUNNING),
            verdict=either(Verdict.internal_error.value, Submission.verdict),
            message=either(_GIVE_UP_MESSAGE, Submission.message),
            lease_owner=either(None, bindparam("worker_")),
            lease_expires_at=either(None, db.db_now() + bindparam("lease_s_", type_=Float)),
            attempts=either(Submission.attempts, Submission.attempts + 1),
            started_at=either(
                Submission.started_at, bindparam("now_", type_=Submission.started_at.type)
            ),
            finished_at=either(
                bindparam("now_", type_=Submission.finished_at.type), Submission.finished_at
            ),
            # Judging starts afresh: an earlier attempt's progress is not this one's.
            epoch=func.coalesce(Submission.epoch, 0) + 1,
            tests_done=None,
            tests_total=None,
        )
        .returning(
            Submission.seq,
            Submission.status,
            Submission.id,
            Submission.kind,
            Submission.problem_id,
            Submission.source,
            Submission.custom_args,
            Submission.created_at,
            Submission.problem_hash,
            Submission.callback_url,
            Submission.rejudge_id,
            Submission.complexity_wanted,
        )
    )


_TAKE_ANY = _claim_statement(filtered=False)
_TAKE_OF = _claim_statement(filtered=True)

# The row, only while the worker named in the parameters still holds its lease.
_HOLDER_ROW = (
    Submission.seq == bindparam("seq_"),
    Submission.status == RUNNING,
    Submission.lease_owner == bindparam("worker_"),
)
# Stores a result, only for the worker that still holds the lease.
_FINISH = (
    update(Submission)
    .where(*_HOLDER_ROW)
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
        tests_done=bindparam("tests_done_"),
        complexity=bindparam("complexity_", type_=Submission.complexity.type),
        lease_owner=None,
        lease_expires_at=None,
    )
    .returning(Submission.callback_url, Submission.rejudge_id)
)
# Progress, only from the lease holder. The UPDATE also takes the row's lock, so a
# result being stored at the same moment waits for this to commit (or this finds
# the submission done and stores nothing): progress never outlives the result.
_PROGRESS = (
    update(Submission)
    .where(*_HOLDER_ROW)
    .values(tests_done=bindparam("tests_done_"), tests_total=bindparam("tests_total_"))
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

    def waiting_hashes(self) -> dict[str, int]:
        """Queued submissions per problem version (content hash): what the fleet must
        be able to judge. Counted over the status index, like depth()."""
        with self.sessions() as session:
            rows = session.execute(
                select(Submission.problem_hash, func.count())
                .where(Submission.status == QUEUED)
                .group_by(Submission.problem_hash)
            ).all()
        return {problem_hash: count for problem_hash, count in rows}

    def claim(self, worker: str, hashes: Collection[str] | None = None) -> Claim | None:
        """The oldest claimable submission, now leased to this worker; None when idle.

        With ``hashes`` (the content hashes of the problems this worker has), only
        submissions made against one of those versions are claimable: a worker with
        another version of the library never takes a job it would judge wrongly."""
        statement = _TAKE_ANY if hashes is None else _TAKE_OF
        params: dict[str, Any] = {
            "worker_": worker,
            "lease_s_": self.lease_s,
            "max_attempts_": self.max_attempts,
        }
        if hashes is not None:
            params["hashes_"] = list(hashes)
        while True:  # each pass either claims or ends a spent submission for good
            params["now_"] = utcnow()
            # Core on one connection with the statement built once: this runs once per
            # submission, and the ORM's object loading would cost more than the query.
            with self._engine.begin() as connection:
                row = connection.execute(statement, params).first()
                if row is None:
                    return None
                taken = row._asdict()
                callback_url = taken.pop("callback_url")
                rejudge_id = taken.pop("rejudge_id")
                taken["complexity_wanted"] = bool(taken["complexity_wanted"])
                _forget_progress(connection, taken["seq"])
                if taken.pop("status") == RUNNING:
                    return Claim(worker=worker, **taken)
                _queue_webhook(connection, taken["seq"], callback_url, rejudge_id)
                db.notify(connection, DONE_CHANNEL, taken["id"])
                _count_verdict(connection, Verdict.internal_error.value)

    def heartbeat(self, claim: Claim) -> bool:
        """Renews the lease on the database's clock; False when it was lost."""
        with self._engine.begin() as connection:
            renewed = connection.execute(
                update(Submission)
                .where(*self._held(claim))
                .values(lease_expires_at=db.db_now() + self.lease_s)
            )
            return renewed.rowcount == 1

    def release(self, claim: Claim, refund: bool = True) -> None:
        """Back to the queue. The attempt is refunded when the engine went away (not the
        submission's fault, and it may come back); a judge fault that repeats still
        ends as internal_error after max_attempts."""
        with self._engine.begin() as connection:
            released = connection.execute(
                update(Submission)
                .where(*self._held(claim))
                .values(
                    status=QUEUED,
                    lease_owner=None,
                    lease_expires_at=None,
                    attempts=Submission.attempts - (1 if refund else 0),
                    tests_done=None,
                    tests_total=None,
                )
            )
            if released.rowcount == 1:  # another machine may be able to judge it
                _forget_progress(connection, claim.seq)
                db.notify(connection, QUEUED_CHANNEL)

    def progress(self, claim: Claim, tests: list[tuple[int, TestResult]], total: int) -> bool:
        """Stores tests that ended (by their position in the run) while the lease is
        still this worker's; False when it is not. Readers are told at the commit."""
        budget = OutputBudget(SUBMISSION_CAP_BYTES)
        rows = [row_of(claim.seq, position, test, budget) for position, test in tests]
        values = {
            "seq_": claim.seq,
            "worker_": claim.worker,
            "tests_done_": max((position + 1 for position, _ in tests), default=0),
            "tests_total_": total,
        }
        with self._engine.begin() as connection:
            if connection.execute(_PROGRESS, values).rowcount != 1:
                connection.rollback()
                return False
            if rows:  # an earlier holder of the lease may have stored some of these
                connection.execute(
                    delete(TestRow).where(
                        TestRow.submission_seq == claim.seq,
                        TestRow.position.in_([position for position, _ in tests]),
                    )
                )
                connection.execute(insert(TestRow), rows)
            db.notify(connection, PROGRESS_CHANNEL, claim.id)
        return True

    def complete(self, claim: Claim, judgement: Judgement) -> bool:
        """Stores the result if this worker still holds the lease; False if it lost it.
        The verdict's counter and the news for waiting requests go in the same
        transaction, so neither can disagree with what was stored.

        Text is made storable (SQLite's UTF-8 has no lone surrogates) and bounded
        (api.stored's caps) here, whatever the judge upstream already did."""
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
            "complexity_": judgement.complexity,
        }
        values["tests_done_"] = len(judgement.tests)
        rows = [
            row_of(claim.seq, position, test, budget)
            for position, test in enumerate(judgement.tests)
        ]
        with self._engine.begin() as connection:
            finished = connection.execute(_FINISH, values).first()
            if finished is None:
                connection.rollback()
                return False
            # What progress stored is replaced by the graded whole.
            connection.execute(delete(TestRow).where(TestRow.submission_seq == claim.seq))
            if rows:  # one executemany, not an ORM flush per row
                connection.execute(insert(TestRow), rows)
            _queue_webhook(connection, claim.seq, finished.callback_url, finished.rejudge_id)
            db.notify(connection, DONE_CHANNEL, claim.id)
            # Last, right before the commit: every worker updates this counter's row, and
            # each one holds its lock until its commit.
            _count_verdict(connection, judgement.verdict.value)
        return True

    def _held(self, claim: Claim) -> tuple[Any, ...]:
        return (
            Submission.seq == claim.seq,
            Submission.status == RUNNING,
            Submission.lease_owner == claim.worker,
        )


def _counter_upsert(dialect_insert: Any) -> Any:
    counts = VerdictCount.__table__
    statement = dialect_insert(counts).values(verdict=bindparam("verdict_"), count=1)
    return statement.on_conflict_do_update(
        index_elements=[counts.c.verdict], set_={"count": counts.c["count"] + 1}
    )


# The same upsert in each dialect's words (ON CONFLICT ... DO UPDATE in both).
_COUNT = {name: _counter_upsert(insert_) for name, insert_ in db.INSERT_OF_DIALECT.items()}


def _forget_progress(connection: Connection, seq: int) -> None:
    """What an earlier attempt stored as it went (released, taken over, given up)."""
    connection.execute(delete(TestRow).where(TestRow.submission_seq == seq))


def _queue_webhook(
    connection: Connection, seq: int, callback_url: str | None, rejudge_id: int | None
) -> None:
    """The outbox row for a finished submission's callback (api.webhooks sends it),
    in the transaction that finishes it, so neither can be had without the other.
    Not for a rejudge's result: the caller heard of the first one only."""
    if callback_url and rejudge_id is None:
        connection.execute(
            insert(WebhookDelivery).values(
                submission_seq=seq,
                url=callback_url,
                state="pending",
                attempts=0,
                next_at=db.db_now(),
            )
        )


def _count_verdict(connection: Connection, verdict: str) -> None:
    """One more submission judged with ``verdict``."""
    connection.execute(_COUNT[connection.dialect.name], {"verdict_": verdict})


def submission_row(item: NewSubmission) -> Submission:
    return Submission(
        id=uuid.uuid4().hex,
        problem_id=item.problem_id,
        problem_hash=item.problem_hash,
        source=item.source,
        owner_key_id=item.owner_key_id,
        kind=item.kind,
        custom_args=item.custom_args,
        callback_url=item.callback_url,
        complexity_wanted=item.complexity_wanted,
        priority=0,
        status=QUEUED,
        created_at=utcnow(),
        attempts=0,
    )


def owned_by(owner_key_id: int | None) -> Any:
    if owner_key_id is None:
        return Submission.owner_key_id.is_(None)
    return Submission.owner_key_id == owner_key_id
