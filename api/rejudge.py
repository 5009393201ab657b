"""Problem versions and rejudges: judging stored submissions again when a problem changed.

Every problem folder's content hash is recorded once in ``problem_versions`` (with its
title, test count and limits) when a service or worker starts; a submission refers to the
version it was judged against by its ``problem_hash``. A rejudge of a problem puts back
in the queue, at ``REJUDGE_PRIORITY``, every finished submission of it that was judged
against another version (optionally only those since a date, or with one verdict).
Before it is queued, the submission's result is copied into ``judgements`` (tests and
all), so the old result stays readable and the rejudge's summary can say what changed.

Nothing is rejudged twice for one version: a submission already judged, or already
queued, against the current version is skipped, and the choice is made under the rows'
locks (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the transaction's first statement
is a write, so it holds the database's write lock from its start). Two services
starting at once with the same changed library therefore queue each submission once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from api import db
from api.models import (
    TEST_FIELDS,
    JudgementRow,
    ProblemVersion,
    Rejudge,
    Submission,
    SubmissionKind,
    SubmissionStatus,
    TestRow,
    utcnow,
)
from api.notify import QUEUED_CHANNEL
from judge.problem import Problem
from judge.verdicts import Verdict

log = logging.getLogger("pyjudge.rejudge")

REJUDGE_PRIORITY = 10  # new submissions are 0; claims take the lowest number first


class OnChange(StrEnum):
    """What a starting service does about problems whose folder changed."""

    off = "off"
    report = "report"  # log which changed and how many submissions are stale
    automatic = "automatic"  # and rejudge them


@dataclass(frozen=True)
class Transition:
    before: Verdict | None
    after: Verdict | None
    count: int


@dataclass(frozen=True)
class Changed:
    submission_id: str
    before: Verdict | None
    after: Verdict | None


@dataclass(frozen=True)
class Summary:
    rejudge: Rejudge
    total: int
    done: int
    changed: list[Changed]
    transitions: list[Transition]

    @property
    def pending(self) -> int:
        return self.total - self.done


def record_versions(sessions: sessionmaker[Session], problems: list[Problem]) -> list[str]:
    """Records each problem's current version; returns the ids of problems seen before
    with other content (changed since the service last started)."""
    changed = []
    with sessions.begin() as session:
        connection = session.connection()
        known: dict[str, set[str]] = {}
        for problem_id, content_hash in connection.execute(
            select(ProblemVersion.problem_id, ProblemVersion.content_hash)
        ):
            known.setdefault(problem_id, set()).add(content_hash)
        for problem in problems:
            hashes = known.get(problem.id, set())
            if problem.content_hash in hashes:
                continue
            if hashes:
                changed.append(problem.id)
            # Another process starting at the same moment may record it first.
            connection.execute(
                db.INSERT_OF_DIALECT[connection.dialect.name](ProblemVersion)
                .values(
                    problem_id=problem.id,
                    content_hash=problem.content_hash,
                    title=problem.meta.title,
                    first_seen=utcnow(),
                    tests=len(problem.tests),
                    limits=problem.meta.limits.model_dump(),
                )
                .on_conflict_do_nothing(index_elements=["problem_id", "content_hash"])
            )
    return changed


def stale_counts(sessions: sessionmaker[Session], problems: list[Problem]) -> dict[str, int]:
    """Finished submissions per problem judged against a version other than the current."""
    current = {problem.id: problem.content_hash for problem in problems}
    with sessions() as session:
        rows = session.execute(
            select(Submission.problem_id, Submission.problem_hash, func.count())
            .where(
                Submission.kind == SubmissionKind.submission,
                Submission.status == SubmissionStatus.done,
            )
            .group_by(Submission.problem_id, Submission.problem_hash)
        ).all()
    stale: dict[str, int] = {}
    for problem_id, problem_hash, count in rows:
        if problem_id in current and problem_hash != current[problem_id]:
            stale[problem_id] = stale.get(problem_id, 0) + count
    return stale


def on_start(sessions: sessionmaker[Session], problems: list[Problem], mode: OnChange) -> None:
    """What a starting service says (and, if asked, does) about a changed library."""
    changed = record_versions(sessions, problems)
    if mode is OnChange.off:
        return
    stale = stale_counts(sessions, problems)
    if changed:
        log.warning("problems changed since the last start: %s", ", ".join(sorted(changed)))
    for problem in problems:
        if problem.id not in stale:
            continue
        if mode is OnChange.automatic:
            rejudge = start(sessions, problem, requested_by="startup")
            log.warning(
                "%s: rejudge %d queued %d submissions judged against older versions",
                problem.id,
                rejudge.id,
                rejudge.queued,
            )
        else:
            log.warning(
                "%s: %d submissions were judged against an older version; "
                "rejudge them with `judge rejudge %s` (or JUDGE_REJUDGE_ON_CHANGE=automatic)",
                problem.id,
                stale[problem.id],
                problem.id,
            )


def start(
    sessions: sessionmaker[Session],
    problem: Problem,
    requested_by: str,
    since: datetime | None = None,
    verdict: Verdict | None = None,
) -> Rejudge:
    """Queues the problem's finished submissions that were judged against another
    version (see the module's docstring); returns the rejudge, ``queued`` filled in."""
    filters: dict[str, Any] = {
        "since": since.isoformat() if since else None,
        "verdict": verdict.value if verdict else None,
    }
    with sessions.begin() as session:
        connection = session.connection()
        # First a write: on SQLite the transaction holds the write lock from here on.
        rejudge_id = connection.execute(
            insert(Rejudge)
            .values(
                problem_id=problem.id,
                problem_hash=problem.content_hash,
                created_at=utcnow(),
                requested_by=requested_by,
                filters=filters,
                queued=0,
            )
            .returning(Rejudge.id)
        ).scalar_one()
        conditions = [
            Submission.problem_id == problem.id,
            Submission.kind == SubmissionKind.submission,
            Submission.status == SubmissionStatus.done,
            Submission.problem_hash != problem.content_hash,
        ]
        if since is not None:
            conditions.append(Submission.created_at >= since)
        if verdict is not None:
            conditions.append(Submission.verdict == verdict.value)
        seqs = list(
            connection.execute(
                select(Submission.seq).where(*conditions).order_by(Submission.seq).with_for_update()
            ).scalars()
        )
        for chunk in _chunks(seqs, 500):
            _archive(connection, chunk, rejudge_id)
            connection.execute(
                update(Submission)
                .where(Submission.seq.in_(chunk))
                .values(
                    status=SubmissionStatus.queued,
                    priority=REJUDGE_PRIORITY,
                    rejudge_id=rejudge_id,
                    problem_hash=problem.content_hash,
                    verdict=None,
                    message=None,
                    time_ms=None,
                    max_time_ms=None,
                    memory_kb=None,
                    wall_ms=None,
                    provenance=None,
                    started_at=None,
                    finished_at=None,
                    attempts=0,
                    tests_done=None,
                    tests_total=None,
                    complexity=None,
                )
            )
            connection.execute(delete(TestRow).where(TestRow.submission_seq.in_(chunk)))
        connection.execute(update(Rejudge).where(Rejudge.id == rejudge_id).values(queued=len(seqs)))
        if seqs:
            db.notify(connection, QUEUED_CHANNEL)
    with sessions() as session:
        row = session.get(Rejudge, rejudge_id)
        assert row is not None
        return row


def _archive(connection: Connection, seqs: list[int], rejudge_id: int) -> None:
    """Copies these submissions' results, their tests as stored, into ``judgements``."""
    tests: dict[int, list[dict[str, Any]]] = {seq: [] for seq in seqs}
    for test in connection.execute(
        select(TestRow).where(TestRow.submission_seq.in_(seqs)).order_by(TestRow.position)
    ).mappings():
        tests[test["submission_seq"]].append(
            {key: test[key] for key in TEST_FIELDS if test[key] is not None}
        )
    rows = connection.execute(select(Submission).where(Submission.seq.in_(seqs))).mappings()
    connection.execute(
        insert(JudgementRow),
        [
            {
                "submission_seq": row["seq"],
                "replaced_by": rejudge_id,
                "problem_hash": row["problem_hash"],
                "verdict": row["verdict"],
                "message": row["message"],
                "time_ms": row["time_ms"],
                "max_time_ms": row["max_time_ms"],
                "memory_kb": row["memory_kb"],
                "wall_ms": row["wall_ms"],
                "provenance": row["provenance"],
                "finished_at": row["finished_at"],
                "rejudge_id": row["rejudge_id"],
                "tests": tests[row["seq"]],
            }
            for row in rows
        ],
    )


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def history(sessions: sessionmaker[Session], seq: int) -> list[JudgementRow]:
    """A submission's earlier results, oldest first."""
    with sessions() as session:
        return list(
            session.scalars(
                select(JudgementRow)
                .where(JudgementRow.submission_seq == seq)
                .order_by(JudgementRow.id)
            )
        )


def summary(sessions: sessionmaker[Session], problem_id: str, rejudge_id: int) -> Summary | None:
    """What a rejudge changed: each submission it queued, its verdict before (the
    judgement it replaced) and after (what it produced, whether still current or since
    replaced by a later rejudge; None while it waits)."""
    with sessions() as session:
        rejudge = session.get(Rejudge, rejudge_id)
        if rejudge is None or rejudge.problem_id != problem_id:
            return None
        replaced = session.execute(
            select(JudgementRow.id, JudgementRow.submission_seq, JudgementRow.verdict).where(
                JudgementRow.replaced_by == rejudge_id
            )
        ).all()
        seqs = [row.submission_seq for row in replaced]
        later = {
            row.submission_seq: row.verdict
            for row in session.execute(
                select(JudgementRow.submission_seq, JudgementRow.verdict).where(
                    JudgementRow.submission_seq.in_(seqs), JudgementRow.rejudge_id == rejudge_id
                )
            )
        }
        current = {
            row.seq: row
            for row in session.execute(
                select(
                    Submission.seq,
                    Submission.id,
                    Submission.status,
                    Submission.verdict,
                    Submission.rejudge_id,
                ).where(Submission.seq.in_(seqs))
            )
        }
    changed: list[Changed] = []
    counts: dict[tuple[Verdict | None, Verdict | None], int] = {}
    done = 0
    for row in replaced:
        now = current[row.submission_seq]
        after: Verdict | None
        if row.submission_seq in later:
            after = later[row.submission_seq]
        elif now.rejudge_id == rejudge_id and now.status == SubmissionStatus.done:
            after = now.verdict
        else:
            after = None
        if after is None:
            continue
        done += 1
        key = (row.verdict, after)
        counts[key] = counts.get(key, 0) + 1
        if row.verdict != after:
            changed.append(Changed(now.id, row.verdict, after))
    transitions = [
        Transition(before, after, count)
        for (before, after), count in sorted(counts.items(), key=lambda item: -item[1])
    ]
    return Summary(rejudge, len(replaced), done, changed, transitions)
