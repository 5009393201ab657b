"""The queue on a real SQLite file: leases, exactly-once results, poison submissions."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from api import db
from api.models import Submission, TestRow
from api.queue import DONE, QUEUED, RUNNING, NewSubmission, Queue
from judge.verdicts import Judgement, Provenance, TestResult, Verdict


@pytest.fixture
def queue(tmp_path) -> Queue:
    url = f"sqlite:///{tmp_path}/queue.db"
    db.upgrade(url)
    return Queue(db.sessions(db.make_engine(url)), lease_s=0.5, max_attempts=3)


def judgement(verdict: Verdict = Verdict.accepted, tag: str = "") -> Judgement:
    return Judgement(
        problem_id="p",
        verdict=verdict,
        message=tag or None,
        time_ms=1.0,
        wall_ms=2.0,
        tests=[TestResult(id="secret/1", group="secret", verdict="accepted", time_ms=1.0)],
        provenance=Provenance(
            runner_image="i", problem_hash="h", harness_version="v", judge_version="j"
        ),
    )


def add(queue: Queue, count: int = 1) -> list[str]:
    new = NewSubmission(problem_id="p", problem_hash="h", source="x = 1")
    return [row.id for row in queue.add([new] * count)]


def status(queue: Queue, submission_id: str) -> Submission:
    with queue.sessions() as session:
        return session.scalar(select(Submission).where(Submission.id == submission_id))


def test_schema_is_upgraded_by_alembic(queue):
    with queue.sessions() as session:
        version = session.execute(select(func.count()).select_from(Submission)).scalar()
        revision = session.connection().exec_driver_sql("SELECT version_num FROM alembic_version")
        assert version == 0 and revision.scalar() == "0003"


def test_claims_are_oldest_first_and_leased(queue):
    first, second = add(queue, 2)
    claim = queue.claim("w1")
    assert claim.id == first
    row = status(queue, first)
    assert row.status == RUNNING and row.lease_owner == "w1" and row.attempts == 1
    assert queue.claim("w2").id == second
    assert queue.claim("w3") is None


def test_expired_lease_is_reclaimed_and_the_old_holder_cannot_store(queue):
    [submission] = add(queue)
    stale = queue.claim("w1")
    assert queue.claim("w2") is None
    time.sleep(0.6)
    fresh = queue.claim("w2")
    assert fresh.id == submission and status(queue, submission).attempts == 2
    assert queue.complete(stale, judgement(Verdict.wrong_answer, "stale")) is False
    assert queue.complete(fresh, judgement(Verdict.accepted, "fresh")) is True
    assert queue.complete(fresh, judgement(Verdict.accepted, "again")) is False
    row = status(queue, submission)
    assert (row.status, row.verdict, row.message) == (DONE, "accepted", "fresh")
    with queue.sessions() as session:
        count = session.scalar(
            select(func.count()).select_from(TestRow).where(TestRow.submission_seq == row.seq)
        )
    assert count == 1


def test_heartbeat_keeps_the_lease(queue):
    add(queue)
    claim = queue.claim("w1")
    for _ in range(4):
        time.sleep(0.2)
        assert queue.heartbeat(claim)
    assert queue.claim("w2") is None


def test_release_requeues_without_counting_an_attempt(queue):
    [submission] = add(queue)
    queue.release(queue.claim("w1"))
    row = status(queue, submission)
    assert row.status == QUEUED and row.attempts == 0 and row.lease_owner is None


def test_submission_that_keeps_killing_workers_ends_as_internal_error(queue):
    [submission] = add(queue)
    for _ in range(3):
        assert queue.claim("doomed") is not None
        time.sleep(0.6)  # the worker "dies": its lease runs out
    assert queue.claim("next") is None
    row = status(queue, submission)
    assert row.status == DONE and row.verdict == "internal_error"
    assert "interrupted 3 times" in row.message


def test_concurrent_workers_never_claim_the_same_submission(queue):
    # A lease long enough that a slow disk cannot expire one mid-test: this checks
    # exclusive claims, not expiry (the 0.5 s fixture lease is for that).
    queue = Queue(queue.sessions, lease_s=60, max_attempts=3)
    ids = add(queue, 60)
    claimed: list[str] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        while (claim := queue.claim(name)) is not None:
            with lock:
                claimed.append(claim.id)
            assert queue.complete(claim, judgement())

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(ids)
    assert all(status(queue, i).status == DONE for i in ids)
