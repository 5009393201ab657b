"""The queue on a real SQLite file and a real PostgreSQL server: leases on the database's
clock, exactly-once results, poison submissions, claims that never collide."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from sqlalchemy import func, select

from api import db
from api.metrics import Metrics
from api.models import Submission, TestRow, VerdictCount
from api.notify import DONE_CHANNEL, QUEUED_CHANNEL
from api.queue import DONE, QUEUED, RUNNING, NewSubmission, Queue, submission_row
from bench.claims import run_claimers
from judge.verdicts import Judgement, Provenance, TestResult, Verdict


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


NEW = NewSubmission(problem_id="p", problem_hash="h", source="x = 1")


def add(queue: Queue, count: int = 1, problem_hash: str = "h") -> list[str]:
    new = NewSubmission(problem_id="p", problem_hash=problem_hash, source="x = 1")
    return [row.id for row in queue.add([new] * count)]


def status(queue: Queue, submission_id: str) -> Submission:
    with queue.sessions() as session:
        return session.scalar(select(Submission).where(Submission.id == submission_id))


def test_schema_is_upgraded_by_alembic(queue):
    with queue.sessions() as session:
        version = session.execute(select(func.count()).select_from(Submission)).scalar()
        revision = session.connection().exec_driver_sql("SELECT version_num FROM alembic_version")
        assert version == 0 and revision.scalar() == "0005"


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


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
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


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
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
    unstored: list[str] = []  # claims whose result the queue refused
    errors: list[BaseException] = []  # an assert in a thread would fail nothing
    lock = threading.Lock()

    def work(name: str) -> None:
        try:
            while (claim := queue.claim(name)) is not None:
                stored = queue.complete(claim, judgement())
                with lock:
                    claimed.append(claim.id)
                    if not stored:
                        unstored.append(claim.id)
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert unstored == []
    assert sorted(claimed) == sorted(ids)
    assert all(status(queue, i).status == DONE for i in ids)


def test_claimers_in_many_processes_each_take_a_different_submission_at_once(postgres):
    """3 processes x 10 threads make exactly as many claims as there are submissions:
    with collisions (every claimer on the same oldest row) some claims would come back
    empty while work was queued; with SKIP LOCKED each one gets its own row."""
    url = postgres.new_database()
    db.upgrade(url)
    engine = db.make_engine(url)
    queue = Queue(db.sessions(engine), lease_s=60, max_attempts=3)
    processes, threads, per_thread = 3, 10, 8
    seqs = [row.seq for row in queue.add([NEW] * (processes * threads * per_thread))]
    _, reports = run_claimers(url, processes, threads, per_thread=per_thread, complete=False)
    assert sum(report.nones for report in reports) == 0
    assert sorted(seq for report in reports for seq in report.claimed) == sorted(seqs)
    with queue.sessions() as session:
        leases = session.execute(
            select(Submission.status, Submission.attempts, func.count()).group_by(
                Submission.status, Submission.attempts
            )
        ).all()
    assert leases == [(RUNNING, 1, len(seqs))]
    engine.dispose()


def test_a_worker_whose_clock_runs_fast_cannot_take_a_live_lease(queue, monkeypatch):
    queue = Queue(queue.sessions, lease_s=5, max_attempts=3)
    [submission] = add(queue)
    held = queue.claim("w1")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 20)  # this machine's clock, 20 s fast
    assert queue.claim("fast") is None
    assert queue.heartbeat(held)
    row = status(queue, submission)
    assert row.lease_owner == "w1"
    # Renewed on the database's clock: 5 s from now, not 5 s from the fast clock's now.
    assert real() + 3 < row.lease_expires_at < real() + 7


def test_claims_only_what_the_worker_can_judge(queue):
    [submission] = add(queue, problem_hash="v2")
    assert queue.claim("old-library", hashes={"v1"}) is None
    assert queue.claim("no-library", hashes=[]) is None
    claim = queue.claim("new-library", hashes={"v1", "v2"})
    assert (claim.id, claim.problem_hash) == (submission, "v2")
    assert status(queue, submission).lease_owner == "new-library"


def test_waiting_hashes_count_queued_submissions_per_problem_version(queue):
    add(queue, 2, problem_hash="a")
    add(queue, 1, problem_hash="b")
    assert queue.waiting_hashes() == {"a": 2, "b": 1}
    queue.claim("w1")  # the oldest "a" is running now, not waiting
    assert queue.waiting_hashes() == {"a": 1, "b": 1}


def test_verdict_counters_match_the_stored_verdicts(queue):
    one_try = Queue(queue.sessions, lease_s=0.3, max_attempts=1)
    doomed = [one_try.claim("doomed") for _ in add(one_try, 2)]
    time.sleep(0.5)  # both leases run out; their one attempt is spent
    verdicts = [Verdict.accepted, Verdict.accepted, Verdict.wrong_answer, Verdict.runtime_error]
    add(one_try, len(verdicts))
    for verdict in verdicts:  # the first claim ends both doomed submissions first
        assert one_try.complete(one_try.claim("w1"), judgement(verdict))
    assert not any(one_try.complete(claim, judgement()) for claim in doomed)  # not counted
    with queue.sessions() as session:
        counted = dict(session.execute(select(VerdictCount.verdict, VerdictCount.count)).all())
        stored = dict(
            session.execute(
                select(Submission.verdict, func.count())
                .where(Submission.status == DONE)
                .group_by(Submission.verdict)
            ).all()
        )
    expected = {"accepted": 2, "wrong_answer": 1, "runtime_error": 1, "internal_error": 2}
    assert counted == stored == expected
    metrics = Metrics(queue).render().decode()
    assert 'pyjudge_judged_total{verdict="internal_error"} 2.0' in metrics
    assert 'pyjudge_judged_total{verdict="accepted"} 2.0' in metrics


def test_keys_are_64_bit(queue):
    big = 2**40
    row = submission_row(NEW)
    row.seq = big
    with queue.sessions.begin() as session:
        session.add(row)
    claim = queue.claim("w1")
    assert claim.seq == big
    assert queue.complete(claim, judgement())
    with queue.sessions.begin() as session:
        session.add(
            TestRow(
                id=2**41, submission_seq=big, position=1, test_id="t", group="g", verdict="accepted"
            )
        )
    with queue.sessions() as session:
        tests = session.execute(
            select(TestRow.id, TestRow.submission_seq).order_by(TestRow.position)
        ).all()
    assert [seq for _, seq in tests] == [big, big] and tests[1][0] == 2**41
    assert status(queue, row.id).status == DONE


def test_results_and_give_ups_are_announced_to_other_machines(postgres):
    url = postgres.new_database()
    db.upgrade(url)
    engine = db.make_engine(url)
    queue = Queue(db.sessions(engine), lease_s=0.3, max_attempts=1)
    with psycopg.connect(url, autocommit=True) as listener:
        listener.execute(f"LISTEN {DONE_CHANNEL}")
        listener.execute(f"LISTEN {QUEUED_CHANNEL}")
        doomed, judged = add(queue, 2)
        doomed_claim = queue.claim("w1")
        time.sleep(0.5)
        queue.complete(queue.claim("w2"), judgement())  # gives up on the doomed one first
        news = [(n.channel, n.payload) for n in listener.notifies(timeout=5, stop_after=3)]
    assert news == [(QUEUED_CHANNEL, ""), (DONE_CHANNEL, doomed), (DONE_CHANNEL, judged)]
    assert doomed_claim.id == doomed
    engine.dispose()
