"""No submission and no database hiccup can end a worker thread; /health sees one that ends.

The service runs with a fake judge: these tests check the workers and the store,
not isolation, so they need no Docker engine.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from api.app import create_app
from api.context import Service
from api.models import Submission
from api.schemas import EngineHealth
from api.server import build
from api.settings import ServiceSettings
from api.worker import START_ALLOWANCE_S, WorkerPool
from judge.judging import limits_for
from judge.problem import Problem
from judge.verdicts import Judgement, Verdict
from tests.api.fakes import FakeJudge, judgement

JudgeFn = Callable[[Problem, str], Judgement]


Started = tuple[TestClient, Service, WorkerPool]


@pytest.fixture
def fake_service(tmp_path: Path, small_library: Path) -> Iterator[Callable[..., Started]]:
    """The service with a fake judge and a healthy engine; workers stop when the test ends."""
    with ExitStack() as stack:

        def make(judge: JudgeFn, make_judge=None, **overrides) -> Started:
            settings = ServiceSettings(
                **{
                    "database_url": f"sqlite:///{tmp_path}/judge.db",
                    "workers": 1,
                    "lease_s": 5.0,
                    "problems_dir": small_library,
                    **overrides,
                }
            )
            svc, pool = build(settings, settings.workers)
            pool.make_judge = make_judge or (lambda: FakeJudge(judge))
            svc.engine_health = lambda: EngineHealth(engine=True, image=True)
            client = stack.enter_context(
                TestClient(create_app(svc, on_start=pool.start, on_stop=pool.stop))
            )
            return client, svc, pool

        yield make


def submit(client: TestClient, source: str = "def can_shift(a, b):\n    return True\n") -> dict:
    response = client.post(
        "/submissions", params={"wait": True}, json={"problem_id": "can_shift", "source": source}
    )
    assert response.status_code == 200, response.text
    return response.json()


def queue_one(client: TestClient, source: str) -> str:
    response = client.post("/submissions", json={"problem_id": "can_shift", "source": source})
    assert response.status_code == 202, response.text
    return response.json()["id"]


def row(svc: Service, submission_id: str) -> Submission:
    with svc.sessions() as session:
        found = session.scalar(select(Submission).where(Submission.id == submission_id))
        assert found is not None
        return found


def until(condition: Callable[[], object], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_lone_surrogates_in_a_result_are_stored_replaced_and_the_worker_lives(fake_service):
    def judge(problem: Problem, source: str) -> Judgement:
        if "plain" in source:
            return judgement(problem)
        return judgement(
            problem,
            Verdict.wrong_answer,
            message="sample/1: \ud800",
            output={"k\ud800": ["\udfff"]},
            stdout="a\ud800b\n",
        )

    client, _, pool = fake_service(judge)
    result = submit(client)
    assert result["verdict"] == "wrong_answer"
    assert result["message"] == "sample/1: ?"
    sample = result["tests"][0]
    assert sample["stdout"] == "a?b\n"
    assert sample["output"] == {"k?": ["?"]}
    # The one worker thread is still there and judges the next submission.
    assert submit(client, "def can_shift(a, b):\n    return 'plain'\n")["verdict"] == "accepted"
    assert [state.alive for state in pool.states()] == [True]


def test_a_judge_that_raises_ends_as_internal_error_and_the_worker_lives(fake_service, caplog):
    def judge(problem: Problem, source: str) -> Judgement:
        if "boom" in source:
            raise RuntimeError("boom")
        return judgement(problem)

    client, _, pool = fake_service(judge)
    with caplog.at_level(logging.ERROR, logger="pyjudge.worker"):
        result = submit(client, "def can_shift(a, b):\n    return 'boom'\n")
    assert result["verdict"] == "internal_error"
    assert result["message"] == "the judge failed: RuntimeError: boom"
    [record] = [r for r in caplog.records if r.getMessage().startswith("judging ")]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert submit(client)["verdict"] == "accepted"
    assert [state.alive for state in pool.states()] == [True]


def test_a_result_that_cannot_be_stored_is_stored_as_internal_error(fake_service, monkeypatch):
    client, svc, pool = fake_service(lambda problem, source: judgement(problem))
    complete = svc.queue.complete
    calls = []

    def fails_once(claim, judged):
        calls.append(judged.verdict)
        if len(calls) == 1:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return complete(claim, judged)

    monkeypatch.setattr(svc.queue, "complete", fails_once)
    result = submit(client)
    assert calls == [Verdict.accepted, Verdict.internal_error]
    assert result["verdict"] == "internal_error"
    assert result["message"].startswith("the result could not be stored: UnicodeEncodeError")
    assert submit(client)["verdict"] == "accepted"
    assert [state.alive for state in pool.states()] == [True]


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_a_result_that_never_stores_is_released_until_it_ends_as_internal_error(
    fake_service, monkeypatch
):
    client, svc, pool = fake_service(
        lambda problem, source: judgement(problem), max_attempts=2, wait_cap_s=1.0
    )
    complete = svc.queue.complete

    def broken(claim, judged):
        raise OperationalError("UPDATE submissions", {}, Exception("disk I/O error"))

    monkeypatch.setattr(svc.queue, "complete", broken)
    pool.store_retry_s = 0.3  # the database is not coming back in time
    submission_id = queue_one(client, "def can_shift(a, b):\n    return True\n")
    # Released after each failed attempt (no lease left to wait out), then given up on.
    until(lambda: row(svc, submission_id).status == "done")
    stored = row(svc, submission_id)
    assert (stored.verdict, stored.attempts) == ("internal_error", 2)
    assert "interrupted 2 times" in stored.message
    monkeypatch.setattr(svc.queue, "complete", complete)
    assert submit(client)["verdict"] == "accepted"
    assert [state.alive for state in pool.states()] == [True]


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_database_errors_on_claim_and_heartbeat_are_retried(fake_service, monkeypatch):
    def slow(problem: Problem, source: str) -> Judgement:
        time.sleep(0.5)  # a few heartbeats
        return judgement(problem)

    client, svc, pool = fake_service(slow, lease_s=0.6)
    claim, failures = svc.queue.claim, []

    def flaky_claim(worker, hashes=None):
        if len(failures) < 2:
            failures.append(worker)
            raise OperationalError("UPDATE submissions", {}, Exception("database is locked"))
        return claim(worker, hashes=hashes)

    def broken_heartbeat(held):
        failures.append("heartbeat")
        raise OperationalError("UPDATE submissions", {}, Exception("database is locked"))

    monkeypatch.setattr(svc.queue, "claim", flaky_claim)
    monkeypatch.setattr(svc.queue, "heartbeat", broken_heartbeat)
    assert submit(client)["verdict"] == "accepted"
    assert len(failures) > 2 and failures[2] == "heartbeat"
    assert [state.alive for state in pool.states()] == [True]


class Fatal(BaseException):
    """Not an Exception: what would still end a thread (a bug in the loop itself)."""


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_health_is_503_when_a_worker_thread_has_died(fake_service):
    first = threading.Event()

    def make_judge() -> FakeJudge:
        if not first.is_set():
            first.set()
            raise Fatal("the first thread to start dies")
        return FakeJudge(lambda problem, source: judgement(problem))

    client, _, pool = fake_service(None, make_judge=make_judge, workers=2)
    until(lambda: pool.alive() == 1)
    response = client.get("/health")
    assert response.status_code == 503
    health = response.json()
    assert health["status"] == "degraded"
    assert (health["workers_alive"], health["workers"]) == (1, 2)
    assert health["detail"] == "1 of 2 worker threads died"
    # The survivor still judges.
    assert submit(client)["verdict"] == "accepted"


def test_health_counts_live_worker_threads(fake_service):
    client, _, _ = fake_service(lambda problem, source: judgement(problem), workers=3)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "engine": True,
        "image": True,
        "queue_depth": 0,
        "workers": 3,
        "workers_alive": 3,
        "detail": None,
        "live_workers": 1,
        "live_threads": 3,
    }


def test_lease_is_renewed_up_to_the_runs_hard_bound_plus_a_start_allowance(fake_service):
    _, svc, pool = fake_service(lambda problem, source: judgement(problem))
    problem = svc.problems.get("can_shift")
    hard = limits_for(problem).hard_bound_s(len(problem.tests))
    assert pool.lease_bound_s(problem) == hard + START_ALLOWANCE_S
    assert START_ALLOWANCE_S == 60.0


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_a_stuck_run_loses_its_lease_and_its_thread_stays_counted(fake_service):
    unstick, unhold = threading.Event(), threading.Event()
    judged: dict[str, list[str]] = {}

    def judge(problem: Problem, source: str) -> Judgement:
        seen = judged.setdefault(source, [])
        seen.append(threading.current_thread().name)
        if "stuck" in source and len(seen) == 1:
            unstick.wait(60)  # a run every watchdog missed
        if "hold" in source:
            unhold.wait(60)
        return judgement(problem)

    client, svc, pool = fake_service(judge, workers=2, lease_s=0.6)
    pool.lease_bound_s = lambda problem: 0.3  # type: ignore[method-assign]
    try:
        stuck_source = "def can_shift(a, b):\n    return 'stuck'\n"
        stuck = queue_one(client, stuck_source)
        until(lambda: stuck in {state.claim for state in pool.states()})
        [stuck_thread] = [state.name for state in pool.states() if state.claim == stuck]

        # Its lease ran out and the other thread judged it.
        until(lambda: row(svc, stuck).status == "done")
        assert row(svc, stuck).attempts == 2 and row(svc, stuck).verdict == "accepted"
        assert judged[stuck_source][0] == stuck_thread != judged[stuck_source][1]
        # The stuck thread is alive, still busy, and counted.
        states = {state.name: state for state in pool.states()}
        assert states[stuck_thread].alive and states[stuck_thread].claim == stuck
        health = client.get("/health").json()
        assert (health["status"], health["workers_alive"]) == ("ok", 2)

        # The other thread is held, so only the once-stuck thread can take new work.
        hold = queue_one(client, "def can_shift(a, b):\n    return 'hold'\n")
        until(lambda: hold in {state.claim for state in pool.states()})
        unstick.set()
        until(lambda: {state.name: state.claim for state in pool.states()}[stuck_thread] is None)
        after_source = "def can_shift(a, b):\n    return 'after'\n"
        assert submit(client, after_source)["verdict"] == "accepted"
        assert judged[after_source] == [stuck_thread]
        # Its late result was not stored over the one already there.
        assert row(svc, stuck).attempts == 2
    finally:
        unstick.set()
        unhold.set()


def test_stopping_wakes_idle_workers_at_once(fake_service):
    """Idle workers sleep on the doorbell between looks at the queue (poll_s); a stop
    rings it, so a shutdown does not wait out their sleep."""
    _, _, pool = fake_service(judgement, workers=2, poll_s=30.0)
    until(lambda: all(state.alive for state in pool.states()))
    time.sleep(0.2)  # both asleep on the doorbell by now
    started = time.monotonic()
    pool.stop()
    assert time.monotonic() - started < 5.0
    assert not any(thread.is_alive() for thread in pool.threads)
