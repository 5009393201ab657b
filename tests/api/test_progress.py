"""Live progress in the queue and the worker: tests stored as they end, only by the lease
holder, replaced by the graded whole at the end, never left behind by a lost lease.
On a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from api.models import Submission, TestRow
from api.progress import ProgressWriter
from api.queue import DONE, NewSubmission, Queue
from judge.verdicts import Judgement, Provenance, TestResult, Verdict

PROVENANCE = Provenance(runner_image="i", problem_hash="h", harness_version="v", judge_version="j")


def result(index: int, verdict: str = "accepted") -> TestResult:
    return TestResult(id=f"sample/{index}", group="sample", verdict=verdict, time_ms=float(index))


def final(count: int) -> Judgement:
    return Judgement(
        problem_id="p",
        verdict=Verdict.accepted,
        time_ms=1.0,
        wall_ms=2.0,
        tests=[result(index) for index in range(count)],
        provenance=PROVENANCE,
    )


def stored(queue: Queue, seq: int) -> tuple[Submission, list[TestRow]]:
    with queue.sessions() as session:
        row = session.scalar(select(Submission).where(Submission.seq == seq))
        tests = session.scalars(
            select(TestRow).where(TestRow.submission_seq == seq).order_by(TestRow.position)
        ).all()
        session.expunge_all()
        return row, list(tests)


def claimed(queue: Queue, worker: str = "w1"):
    queue.add([NewSubmission(problem_id="p", problem_hash="h", source="x = 1")])
    return queue.claim(worker)


def test_progress_is_stored_while_running_and_replaced_by_the_result(queue):
    claim = claimed(queue)
    assert queue.progress(claim, [], total=3)
    assert queue.progress(claim, [(0, result(0)), (1, result(1))], total=3)
    row, tests = stored(queue, claim.seq)
    assert (row.status, row.tests_done, row.tests_total) == ("running", 2, 3)
    assert [t.test_id for t in tests] == ["sample/0", "sample/1"]
    assert queue.complete(claim, final(3))
    row, tests = stored(queue, claim.seq)
    assert (row.status, row.tests_done) == (DONE, 3)
    assert [(t.position, t.test_id) for t in tests] == [
        (0, "sample/0"),
        (1, "sample/1"),
        (2, "sample/2"),
    ]


def test_progress_after_the_result_or_from_a_lost_lease_stores_nothing(queue):
    claim = claimed(queue)
    assert queue.complete(claim, final(2))
    assert not queue.progress(claim, [(0, result(0, "wrong_answer"))], total=2)
    _, tests = stored(queue, claim.seq)
    assert [t.verdict for t in tests] == ["accepted", "accepted"]

    stale = claimed(queue, "w1")
    assert queue.progress(stale, [(0, result(0, "wrong_answer"))], total=2)
    time.sleep(0.6)  # the lease runs out; another worker takes the submission over
    fresh = queue.claim("w2")
    assert fresh.id == stale.id
    assert not queue.progress(stale, [(1, result(1, "wrong_answer"))], total=2)
    # The new holder's progress replaces what the old one stored at the same position.
    assert queue.progress(fresh, [(0, result(0))], total=2)
    _, tests = stored(queue, fresh.seq)
    assert [(t.position, t.verdict) for t in tests] == [(0, "accepted")]


def test_writer_stores_in_the_background_and_stops_once_the_lease_is_gone(queue):
    claim = claimed(queue)
    told: list[str] = []
    writer = ProgressWriter(queue, claim, total=4, on_stored=lambda c: told.append(c.id))
    for index in range(4):
        writer(index, result(index))
    writer.close()
    row, tests = stored(queue, claim.seq)
    assert (row.tests_done, row.tests_total, len(tests)) == (4, 4, 4)
    assert told and set(told) == {claim.id}
    assert writer.stored == 4


def test_a_hung_database_write_does_not_hold_the_result_back(queue, monkeypatch):
    """close() waits a bounded time; the result is stored meanwhile and wins."""
    claim = claimed(queue)
    release = threading.Event()
    real = queue.progress

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(queue, "progress", slow)
    monkeypatch.setattr("api.progress.CLOSE_S", 0.2)
    writer = ProgressWriter(queue, claim, total=1)
    writer(0, result(0, "wrong_answer"))
    started = time.monotonic()
    writer.close()
    assert time.monotonic() - started < 2
    assert queue.complete(claim, final(1))
    release.set()
    writer._thread.join(10)
    row, tests = stored(queue, claim.seq)
    assert row.status == DONE
    assert [t.verdict for t in tests] == ["accepted"]  # the late progress changed nothing
