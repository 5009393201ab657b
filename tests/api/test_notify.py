"""Wake-ups across processes (PostgreSQL's LISTEN/NOTIFY on a real server) and
`?wait=true` when no worker exists anywhere."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import psycopg
import pytest
from sqlalchemy import insert, select

from api import db
from api.models import Submission, WorkerRow
from api.notify import LISTENER_NAME, Wakeups
from api.queue import Queue
from judge.verdicts import Judgement, Provenance, TestResult, Verdict

BODY = {"problem_id": "can_shift", "source": "def can_shift(a, b):\n    return False\n"}
FALLBACK_S = 60  # both polling intervals: only NOTIFY can wake a request sooner
PASSWORD = "hunter2-not-for-logs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_password(url: str) -> str:
    """Trust authentication ignores it; the logs must not show it."""
    return url.replace("postgresql://judge@", f"postgresql://judge:{PASSWORD}@")


def pretend_a_worker_lives(queue: Queue) -> None:
    """A fleet row with a fresh heartbeat, so the API holds ?wait=true requests."""
    with queue.sessions.begin() as session:
        session.execute(
            insert(WorkerRow).values(
                name="elsewhere:1:test",
                host="elsewhere",
                pid=1,
                threads=1,
                judge_version="test",
                runner_image="sha256:test",
                library_hash="h",
                problems={},
                started_at=db.db_now(),
                heartbeat_at=db.db_now(),
                judged=0,
                released=0,
            )
        )


def listeners(url: str) -> int:
    """The API's NOTIFY listener connections to this database, as the server sees them."""
    name = db.normalized(url).database
    admin = db.normalized(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND datname = %s",
            (LISTENER_NAME, name),
        ).fetchone()[0]


def until(condition, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout_s} s: {what}"
        time.sleep(0.05)


def judgement() -> Judgement:
    return Judgement(
        problem_id="can_shift",
        verdict=Verdict.wrong_answer,
        time_ms=1.0,
        wall_ms=2.0,
        tests=[TestResult(id="secret/1", group="secret", verdict="wrong_answer", time_ms=1.0)],
        provenance=Provenance(
            runner_image="i", problem_hash="h", harness_version="v", judge_version="j"
        ),
    )


def woken_after_s(base: str, queue: Queue) -> tuple[httpx.Response, float]:
    """POST ?wait=true to the API, then judge the submission here (another process)
    and store the result; how long after the store the API answered."""
    answer: list[httpx.Response] = []
    waiting = threading.Thread(
        target=lambda: answer.append(
            httpx.post(f"{base}/submissions", params={"wait": True}, json=BODY, timeout=60)
        )
    )
    waiting.start()
    claim = None

    def claimed() -> bool:
        nonlocal claim
        claim = queue.claim("elsewhere:1:0")
        return claim is not None

    until(claimed, 10, "the submission was queued")
    time.sleep(0.5)  # the request is asleep by now
    stored_at = time.monotonic()
    assert queue.complete(claim, judgement())
    waiting.join(60)
    elapsed = time.monotonic() - stored_at
    [response] = answer
    return response, elapsed


def test_a_waiting_request_is_woken_by_notify_and_again_after_a_restart(
    start_server, postgres, small_library, tmp_path
):
    url = with_password(postgres.new_database())
    port, log = free_port(), tmp_path / "serve.log"
    start_server(
        url,
        port,
        log,
        healthy=(200, 503),
        JUDGE_WORKERS="0",
        JUDGE_PROBLEMS_DIR=str(small_library),
        JUDGE_POLL_S=str(FALLBACK_S),
        JUDGE_NOTIFIED_POLL_S=str(FALLBACK_S),
        JUDGE_WAIT_CAP_S="40",
    )
    base = f"http://127.0.0.1:{port}"
    queue = Queue(db.sessions(db.make_engine(url)), lease_s=30, max_attempts=3)
    pretend_a_worker_lives(queue)
    until(lambda: listeners(url) == 1, 10, "the API listens")

    response, elapsed = woken_after_s(base, queue)
    assert response.status_code == 200, response.text
    assert response.json()["verdict"] == "wrong_answer"
    assert elapsed < 2.0, elapsed

    postgres.restart(down_s=2.0)  # the listener's connection is cut; reconnects fail a while
    until(lambda: listeners(url) == 1, 20, "the API listens again")
    response, elapsed = woken_after_s(base, queue)
    assert response.status_code == 200, response.text
    assert elapsed < 2.0, elapsed

    text = log.read_text()
    assert text.count("NOTIFY listener lost") == 1, text[-3000:]  # once per outage
    assert "listening for NOTIFY again" in text
    assert PASSWORD not in text


def test_idle_wait_is_long_only_while_notify_is_heard(postgres, tmp_path):
    assert Wakeups(f"sqlite:///{tmp_path}/judge.db").idle_wait_s == 0.5
    wakeups = Wakeups(postgres.new_database(), poll_s=0.5, notified_poll_s=5.0)
    assert wakeups.idle_wait_s == 0.5  # not listening yet
    wakeups.start()
    try:
        until(lambda: wakeups.listening, 10, "listening")
        assert wakeups.idle_wait_s == 5.0
        postgres.stop()
        try:
            until(lambda: not wakeups.listening, 10, "the listener notices the outage")
            assert wakeups.idle_wait_s == 0.5
        finally:
            postgres.start()
        until(lambda: wakeups.listening, 20, "listening again")
        assert wakeups.idle_wait_s == 5.0
    finally:
        wakeups.stop()
    assert not wakeups.listening and wakeups.idle_wait_s == 0.5


def test_work_queued_elsewhere_rings_this_process(postgres):
    """What wakes an idle worker here when another machine's API queues a job."""
    url = postgres.new_database()
    wakeups = Wakeups(url)
    wakeups.start()
    try:
        until(lambda: wakeups.listening, 10, "listening")
        seen = wakeups.rings()
        with psycopg.connect(
            db.normalized(url).set(drivername="postgresql").render_as_string(hide_password=False),
            autocommit=True,
        ) as other:
            other.execute("SELECT pg_notify('pyjudge_queued', '')")
        started = time.monotonic()
        wakeups.wait_for_work(seen, timeout=10)
        assert wakeups.rings() != seen
        assert time.monotonic() - started < 2.0
    finally:
        wakeups.stop()


@pytest.mark.parametrize("path", ["/submissions?wait=true", "/runs"])
def test_waiting_with_no_worker_anywhere_answers_202_at_once(make_fake_service, database_url, path):
    client, svc = make_fake_service(workers=0, database_url=database_url, wait_cap_s=30)
    started = time.monotonic()
    response = client.post(path, json=BODY)
    assert time.monotonic() - started < 2.0
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "queued"
    assert "no worker is running" in body["detail"]
    with svc.sessions() as session:
        assert session.scalar(select(Submission.status).where(Submission.id == body["id"])) == (
            "queued"
        )


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_waiting_with_a_live_worker_elsewhere_holds_the_request(make_fake_service, database_url):
    client, svc = make_fake_service(workers=0, database_url=database_url, wait_cap_s=1.0)
    pretend_a_worker_lives(svc.queue)
    started = time.monotonic()
    response = client.post("/submissions", params={"wait": True}, json=BODY)
    assert time.monotonic() - started >= 1.0  # held for the cap: someone could judge it
    assert response.status_code == 202
    assert response.json()["detail"] is None
