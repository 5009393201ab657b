"""Live progress in the queue and the worker: tests stored as they end, only by the lease
holder, replaced by the graded whole at the end, never left behind by a lost lease.
On a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from api.models import Submission, TestRow, WebhookDelivery
from api.progress import ProgressWriter
from api.queue import DONE, Claim, NewSubmission, Queue
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
    deadline = time.monotonic() + 10
    while writer.stored < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
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


def secret(index: int) -> TestResult:
    return TestResult(id=f"secret/{index}", group="secret", verdict="accepted", time_band="low")


class Recorder:
    """A queue that notes what progress stored, and when."""

    def __init__(self) -> None:
        self.writes: list[tuple[float, list[int]]] = []

    def progress(self, claim, tests, total) -> bool:
        self.writes.append((time.monotonic(), [index for index, _ in tests]))
        return True


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_secret_tests_are_published_on_the_tick_not_when_they_end():
    """Samples go out as they end; a secret test waits for the next tick of the run's
    clock, so when it appears says only in which tick it ended."""
    recorder = Recorder()
    tick = 0.3
    fake_claim = Claim(0, "0" * 32, "w", "submission", "p", "", None, datetime.now(UTC), "h")
    writer = ProgressWriter(recorder, fake_claim, total=6, secret_tick_s=tick)  # type: ignore[arg-type]
    ended: dict[int, float] = {}
    for index, pause in enumerate([0.0, 0.05, 0.07, 0.11, 0.23, 0.41]):
        time.sleep(pause)
        ended[index] = time.monotonic()
        writer(index, result(index) if index < 2 else secret(index))
    time.sleep(2 * tick)
    writer.close()
    writes = recorder.writes[1:]  # the first stores no tests: the run started
    published = {index: at for at, indexes in writes for index in indexes}
    assert sorted(published) == list(range(6))
    for index in (0, 1):  # samples: at once
        assert published[index] - ended[index] < 0.1
    for index in range(2, 6):
        offset = (published[index] - writer.started) / tick
        assert abs(offset - round(offset)) < 0.15, (index, offset)  # on a tick
        assert published[index] >= ended[index]
        assert published[index] - ended[index] <= tick + 0.1  # the first tick after it ended
    order = [index for _, indexes in writes for index in indexes]
    assert order == sorted(order)


def test_progress_of_an_attempt_that_ended_unfinished_is_forgotten(queue):
    claim = claimed(queue)
    assert queue.progress(claim, [(0, result(0)), (1, result(1))], total=3)
    queue.release(claim)
    row, tests = stored(queue, claim.seq)
    assert (row.status, row.tests_done, row.tests_total, tests) == ("queued", None, None, [])
    again = queue.claim("w2")
    assert queue.progress(again, [(0, result(0))], total=3)
    time.sleep(0.6)  # w2's lease runs out; w3 takes over and starts afresh
    third = queue.claim("w3")
    row, tests = stored(queue, third.seq)
    assert (row.epoch, row.tests_done, tests) == (3, None, [])


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_a_submission_given_up_keeps_no_progress_and_still_calls_back(queue):
    queue.add([NewSubmission("p", "h", "x = 1", callback_url="http://127.0.0.1:9/hook")])
    for attempt in range(3):
        claim = queue.claim(f"w{attempt}")
        assert queue.progress(claim, [(0, result(0))], total=2)
        time.sleep(0.6)  # the worker dies: its lease runs out
    assert queue.claim("w9") is None  # attempts spent: ended instead of claimed
    row, tests = stored(queue, claim.seq)
    assert (row.status, row.verdict, tests) == (DONE, "internal_error", [])
    with queue.sessions() as session:
        [delivery] = session.scalars(select(WebhookDelivery)).all()
    assert (delivery.submission_seq, delivery.state) == (claim.seq, "pending")
