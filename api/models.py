"""Tables: API keys, problem versions seen, submissions (the queue itself), per-test results,
earlier judgements and the rejudges that replaced them, the worker fleet, verdict
counters, admission (rate) buckets and webhook deliveries."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from judge.verdicts import TestVerdict, Verdict


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class SubmissionStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"


class SubmissionKind(StrEnum):
    submission = "submission"  # judged on every test
    run = "run"  # the samples or caller-given arguments, values shown


def stored_enum(enum: type[StrEnum], length: int) -> Enum:
    """An enum kept as its values in a plain VARCHAR (no database enum type, no
    constraint), so the column is what it was when it held strings."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
    )


# 64-bit keys: 32 bits last about 9 days at 100 submissions/s. SQLite's INTEGER
# PRIMARY KEY is 64-bit already (and only INTEGER autoincrements there).
BigKey = BigInteger().with_variant(Integer, "sqlite")


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # May rejudge (`judge keys create NAME --admin`); NULL in rows older than the column.
    admin: Mapped[bool | None] = mapped_column(Boolean, default=False)


class ProblemVersion(Base):
    """A problem folder's content as the service first saw it: a submission refers to
    the version it was judged against by (problem_id, its problem_hash)."""

    __tablename__ = "problem_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    tests: Mapped[int | None] = mapped_column(Integer)  # how many (samples and secret)
    limits: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # problem.yaml's limits

    __table_args__ = (Index("ix_problem_version", "problem_id", "content_hash", unique=True),)


class Submission(Base):
    __tablename__ = "submissions"

    seq: Mapped[int] = mapped_column(BigKey, primary_key=True)  # queue order
    id: Mapped[str] = mapped_column(String(32), unique=True)  # public, unguessable
    owner_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    kind: Mapped[SubmissionKind] = mapped_column(
        stored_enum(SubmissionKind, 16), default=SubmissionKind.submission
    )
    problem_id: Mapped[str] = mapped_column(String(64))
    problem_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    custom_args: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    status: Mapped[SubmissionStatus] = mapped_column(
        stored_enum(SubmissionStatus, 16), default=SubmissionStatus.queued
    )
    verdict: Mapped[Verdict | None] = mapped_column(stored_enum(Verdict, 32))
    message: Mapped[str | None] = mapped_column(Text)
    time_ms: Mapped[float | None] = mapped_column(Float)  # CPU, summed over the tests
    max_time_ms: Mapped[float | None] = mapped_column(Float)  # the slowest test's CPU time
    memory_kb: Mapped[int | None] = mapped_column(Integer)  # peak over the run
    wall_ms: Mapped[float | None] = mapped_column(Float)
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[float | None] = mapped_column(Float)  # database clock, epoch s
    # Live progress: tests finished so far, of how many (set once judging starts).
    tests_done: Mapped[int | None] = mapped_column(Integer)
    tests_total: Mapped[int | None] = mapped_column(Integer)
    # +1 each time judging starts afresh (every claim): progress belongs to one epoch.
    epoch: Mapped[int | None] = mapped_column(Integer)
    callback_url: Mapped[str | None] = mapped_column(String(2048))  # POSTed to once done
    # 0 for a new submission, REJUDGE_PRIORITY while a rejudge waits: claims take the
    # lowest first, so a rejudge backlog never holds a new submission back.
    priority: Mapped[int | None] = mapped_column(Integer, default=0)
    rejudge_id: Mapped[int | None] = mapped_column(Integer)  # the latest rejudge that queued it
    # Asked for with the submission: after an accepted verdict, estimate its time complexity.
    complexity_wanted: Mapped[bool | None] = mapped_column(Boolean, default=False)
    complexity: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the estimate, once made

    tests: Mapped[list[TestRow]] = relationship(order_by="TestRow.position", lazy="selectin")

    __table_args__ = (
        Index("ix_submissions_status", "status", "seq"),
        Index("ix_submissions_owner", "owner_key_id", "kind", "seq"),
        Index("ix_submissions_pending", "owner_key_id", "status"),
        Index("ix_submissions_queue", "status", "priority", "seq"),
        Index("ix_submissions_problem", "problem_id", "status"),
    )


class Rejudge(Base):
    """A request to judge a problem's stored submissions again against its current
    version (``judge rejudge``, ``POST /problems/{id}/rejudge``)."""

    __tablename__ = "rejudges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[str] = mapped_column(String(64))
    problem_hash: Mapped[str] = mapped_column(String(64))  # the version judged against
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    requested_by: Mapped[str] = mapped_column(String(80))  # "key:NAME", "cli", "startup"
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)  # since, verdict
    queued: Mapped[int] = mapped_column(Integer, default=0)  # submissions it queued


class JudgementRow(Base):
    """An earlier result of a submission, kept when a rejudge replaced it: what the
    submission row held then, its tests as the solver saw them included."""

    __tablename__ = "judgements"

    id: Mapped[int] = mapped_column(BigKey, primary_key=True)
    submission_seq: Mapped[int] = mapped_column(BigInteger, ForeignKey("submissions.seq"))
    replaced_by: Mapped[int] = mapped_column(Integer, ForeignKey("rejudges.id"))
    problem_hash: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[Verdict | None] = mapped_column(stored_enum(Verdict, 32))
    message: Mapped[str | None] = mapped_column(Text)
    time_ms: Mapped[float | None] = mapped_column(Float)
    max_time_ms: Mapped[float | None] = mapped_column(Float)
    memory_kb: Mapped[int | None] = mapped_column(Integer)
    wall_ms: Mapped[float | None] = mapped_column(Float)
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rejudge_id: Mapped[int | None] = mapped_column(Integer)  # the rejudge that made it, if any
    tests: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_judgements_submission", "submission_seq", "id"),
        Index("ix_judgements_rejudge", "replaced_by"),
    )


class TestRow(Base):
    __tablename__ = "test_results"
    __test__ = False  # not a pytest class

    id: Mapped[int] = mapped_column(BigKey, primary_key=True)
    submission_seq: Mapped[int] = mapped_column(BigInteger, ForeignKey("submissions.seq"))
    position: Mapped[int] = mapped_column(Integer)
    test_id: Mapped[str] = mapped_column(String(200))
    group: Mapped[str] = mapped_column(String(16))
    verdict: Mapped[TestVerdict] = mapped_column(stored_enum(TestVerdict, 32))
    time_ms: Mapped[float | None] = mapped_column(Float)
    wall_ms: Mapped[float | None] = mapped_column(Float)
    memory_kb: Mapped[int | None] = mapped_column(Integer)
    time_band: Mapped[str | None] = mapped_column(String(8))  # secret tests: low | high
    message: Mapped[str | None] = mapped_column(Text)
    # input / expected / output / stdout, kept only for public (sample or custom) tests
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_test_results_position", "submission_seq", "position", unique=True),)


# What a stored test holds as the solver sees it: the result's fields, and what a
# rejudge copies into JudgementRow.tests (read back by api.submissions.test_out_of).
TEST_FIELDS = (
    "test_id",
    "group",
    "verdict",
    "time_ms",
    "wall_ms",
    "memory_kb",
    "time_band",
    "message",
    "detail",
)


class WorkerRow(Base):
    """One `judge worker` (or `judge serve`) process, as it last reported itself.

    Times are the database's clock (epoch seconds), like leases."""

    __tablename__ = "workers"

    name: Mapped[str] = mapped_column(String(160), primary_key=True)  # host:pid:nonce
    host: Mapped[str] = mapped_column(String(128))
    pid: Mapped[int] = mapped_column(Integer)
    threads: Mapped[int] = mapped_column(Integer)
    judge_version: Mapped[str] = mapped_column(String(32))
    runner_image: Mapped[str] = mapped_column(String(128))  # the image id it checked
    library_hash: Mapped[str] = mapped_column(String(64))  # over all its problems' hashes
    problems: Mapped[dict[str, str]] = mapped_column(JSON)  # problem id -> content hash
    started_at: Mapped[float] = mapped_column(Float)
    heartbeat_at: Mapped[float] = mapped_column(Float)
    stopped_at: Mapped[float | None] = mapped_column(Float)
    current: Mapped[list[str] | None] = mapped_column(JSON)  # submission ids being judged
    judged: Mapped[int] = mapped_column(BigInteger, default=0)
    released: Mapped[int] = mapped_column(BigInteger, default=0)  # handed back, not judged
    note: Mapped[str | None] = mapped_column(Text)  # the latest thing an operator should see


class VerdictCount(Base):
    """Submissions judged per verdict, kept as results are stored, so /metrics reads
    a handful of rows instead of counting the whole submissions table."""

    __tablename__ = "verdict_counts"

    verdict: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)


class RateBucket(Base):
    """A caller's token bucket, in the database so that every API process spends
    from the same one. Times are the database's clock (epoch seconds)."""

    __tablename__ = "rate_buckets"

    bucket: Mapped[str] = mapped_column(String(160), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class WebhookDelivery(Base):
    """A result to POST to a submission's callback_url: an outbox row written in the
    same transaction as the result, so a crash between the two loses neither. Any
    process running a deliverer claims due rows under a lease, like the queue.
    Times are the database's clock (epoch seconds)."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(BigKey, primary_key=True)
    submission_seq: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("submissions.seq"), unique=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    state: Mapped[str] = mapped_column(String(16))  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[float] = mapped_column(Float)  # when it is due (again)
    lease_until: Mapped[float | None] = mapped_column(Float)  # a deliverer holds it till then
    delivered_at: Mapped[float | None] = mapped_column(Float)
    last_status: Mapped[int | None] = mapped_column(Integer)  # the receiver's HTTP status
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_webhook_due", "state", "next_at"),)
