"""Webhooks: a submission's callback_url gets its result, signed, once and only once.

Deliveries go to a local receiver (http.server on 127.0.0.1); the service judges
with a fake judge, since these tests check the outbox and its deliverers, not the
sandbox. Tests marked with the ``database_url`` fixture run on SQLite and on a
real PostgreSQL server.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api import db
from api.app import create_app
from api.context import Service
from api.models import WebhookDelivery
from api.queue import NewSubmission, Queue
from api.schemas import EngineHealth
from api.server import build, lifecycle
from api.settings import ServiceSettings
from api.webhooks import Deliverer, WebhookSetupError, deliverer_for, sign
from judge.problem import Problem
from judge.verdicts import Judgement, Provenance, TestVerdict, Verdict
from tests.api.fakes import FakeJudge, judgement

SECRET = "test-secret-6f1c"
PROVENANCE = Provenance(
    runner_image="fake", problem_hash="h", harness_version="v", judge_version="j"
)
ACCEPTED = "def can_shift(a, b):\n    return len(a) == len(b) and b in a + a\n"
WRONG = "def can_shift(a, b):\n    return True  # wrong\n"
JUDGE = Path(sys.executable).with_name("judge")


# -- what a receiver does (the same check as docs/api.md's snippet) -----------------


def verify(secret: str, header: str, body: bytes, tolerance_s: float = 300) -> bool:
    """True if the X-Pyjudge-Signature ``header`` signs ``body`` (the raw bytes) and is fresh."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp, signature = int(fields["t"]), fields["v1"]
    except (KeyError, ValueError):
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    fresh = abs(time.time() - timestamp) <= tolerance_s
    return fresh and hmac.compare_digest(expected.hexdigest(), signature)


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic() on arrival
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """Answers each POST with the next scripted status (then ``default``), and records it."""

    def __init__(self, statuses: list[int] | None = None, default: int = 200) -> None:
        self.statuses = list(statuses or [])
        self.default = default
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.hits.append(
                        Hit(time.monotonic(), self.path, dict(self.headers.items()), body)
                    )
                    status = receiver.statuses.pop(0) if receiver.statuses else receiver.default
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Callable[..., Receiver]]:
    started: list[Receiver] = []

    def make(statuses: list[int] | None = None, default: int = 200) -> Receiver:
        started.append(Receiver(statuses, default))
        return started[-1]

    yield make
    for each in started:
        each.close()


def until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def hook_settings(url: str, **overrides: object) -> ServiceSettings:
    values: dict[str, object] = {
        "database_url": url,
        "webhook_allow": ["127.0.0.1"],
        "webhook_secret": SECRET,
        "webhook_poll_s": 0.05,
        "webhook_backoff_s": 0.3,
        "webhook_attempts": 3,
        "webhook_timeout_s": 2.0,
    }
    return ServiceSettings(**{**values, **overrides})


# -- the service, judging with a fake judge -----------------------------------------


def fake_judgement(problem: Problem, source: str) -> Judgement:
    if "wrong" in source:
        return judgement(problem, Verdict.wrong_answer, test_verdict=TestVerdict.wrong_answer)
    return judgement(problem)


@pytest.fixture
def hooked_service(
    tmp_path: Path, small_library: Path
) -> Iterator[Callable[..., tuple[TestClient, Service]]]:
    """The service as `judge serve` wires it (lifecycle starts the deliverer), with a
    fake judge; everything stops when the test ends."""
    with ExitStack() as stack:

        def make(**overrides: object) -> tuple[TestClient, Service]:
            values: dict[str, object] = {
                "database_url": f"sqlite:///{tmp_path}/judge.db",
                "workers": 1,
                "lease_s": 5.0,
                "problems_dir": small_library,
                "webhook_secret": SECRET,
                "webhook_poll_s": 0.05,
                "webhook_backoff_s": 0.3,
                "notified_poll_s": 0.5,  # idle workers notice the end sooner on PostgreSQL
                **overrides,
            }
            settings = ServiceSettings(**values)
            svc, pool = build(settings, settings.workers)
            pool.make_judge = lambda: FakeJudge(fake_judgement)
            svc.engine_health = lambda: EngineHealth(engine=True, image=True)
            start, stop = lifecycle(svc, pool)
            client = stack.enter_context(TestClient(create_app(svc, on_start=start, on_stop=stop)))
            return client, svc

        yield make


def deliveries(svc_or_queue: Service | Queue) -> list[WebhookDelivery]:
    with svc_or_queue.sessions() as session:
        return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def submit(client: TestClient, source: str, callback_url: str | None) -> dict:
    body = {"problem_id": "can_shift", "source": source, "callback_url": callback_url}
    response = client.post("/submissions", params={"wait": True}, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_callback_url_is_refused_while_webhooks_are_off_naming_the_setting(
    hooked_service, assert_error
):
    client, _ = hooked_service()  # no JUDGE_WEBHOOK_ALLOW: the default
    body = {"problem_id": "can_shift", "source": ACCEPTED, "callback_url": "http://127.0.0.1/h"}
    error = assert_error(client.post("/submissions", json=body), 422, "callback_refused")
    assert "JUDGE_WEBHOOK_ALLOW" in error["message"]
    assert error["field"] == "callback_url"
    assert not any(thread.name == "webhooks" for thread in threading.enumerate())
    assert client.get("/submissions").json()["total"] == 0  # nothing was stored


@pytest.mark.parametrize(
    ("allow", "url", "says"),
    [
        (["hooks.example.com"], "http://127.0.0.1:9/h", "not in an allowed webhook network"),
        (["hooks.example.com"], "http://other.example.com/h", "not an allowed webhook host"),
        (["10.0.0.0/8"], "http://127.0.0.1:9/h", "not in an allowed webhook network"),
        (["127.0.0.1"], "ftp://127.0.0.1/h", "http:// or https://"),
        (["127.0.0.1"], "http://user:pw@127.0.0.1/h", "credentials"),
        (["10.0.0.0/8"], "http://10.0.0.5:abc/h", "not a valid URL"),
        (["example.com"], "http://example.com:99999/h", "not a valid URL"),
    ],
)
def test_callback_url_outside_the_allowlist_is_refused(
    hooked_service, assert_error, allow, url, says
):
    client, _ = hooked_service(webhook_allow=allow)
    body = {"problem_id": "can_shift", "source": ACCEPTED, "callback_url": url}
    error = assert_error(client.post("/submissions", json=body), 422, "callback_refused")
    assert says in error["message"]


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_allowed_callback_gets_exactly_one_signed_post_with_the_result(
    hooked_service, receiver, database_url
):
    hook = receiver()
    client, svc = hooked_service(database_url=database_url, webhook_allow=["127.0.0.1"])
    result = submit(client, WRONG, hook.url)
    until(lambda: len(hook.hits) == 1)
    time.sleep(0.5)  # ten more polls: nothing else may arrive
    [hit] = hook.hits
    assert hit.path == "/hook"
    assert hit.headers["Content-Type"] == "application/json"
    assert hit.headers["X-Pyjudge-Event"] == "submission.done"
    assert verify(SECRET, hit.headers["X-Pyjudge-Signature"], hit.body)
    assert not verify("another secret", hit.headers["X-Pyjudge-Signature"], hit.body)
    assert not verify(SECRET, hit.headers["X-Pyjudge-Signature"], hit.body + b" ")
    an_hour_ago = int(time.time()) - 3600  # a replay of an old delivery
    assert not verify(SECRET, sign(SECRET, an_hour_ago, hit.body), hit.body)
    assert not verify(SECRET, "garbled", hit.body)
    payload = json.loads(hit.body)
    assert payload["verdict"] == "wrong_answer" == result["verdict"]
    assert payload == client.get(f"/submissions/{result['id']}").json()
    [row] = deliveries(svc)
    assert hit.headers["X-Pyjudge-Delivery"] == str(row.id)
    assert (row.state, row.attempts, row.last_status) == ("delivered", 1, 200)
    assert row.delivered_at is not None and row.lease_until is None


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_failing_receiver_is_retried_with_growing_back_off_until_it_answers(
    hooked_service, receiver, database_url, caplog
):
    hook = receiver(statuses=[500, 500], default=200)
    client, svc = hooked_service(database_url=database_url, webhook_allow=["127.0.0.1"])
    with caplog.at_level(logging.INFO, logger="pyjudge.webhooks"):
        submit(client, ACCEPTED, hook.url)
        until(lambda: [row.state for row in deliveries(svc)] == ["delivered"])
    assert len(hook.hits) == 3
    first, second = (b.at - a.at for a, b in zip(hook.hits, hook.hits[1:], strict=False))
    print(f"waits between attempts: {first:.3f} s, {second:.3f} s")
    # The schedule doubles (webhook_backoff_s, then twice it), and no attempt came early;
    # how late one comes depends on the machine's load, so only the floors are exact.
    assert "attempt 1 of 8 failed (HTTP 500); next in 0.3 s" in caplog.text
    assert "attempt 2 of 8 failed (HTTP 500); next in 0.6 s" in caplog.text
    assert first >= 0.3 and second >= 0.6
    assert len({hit.headers["X-Pyjudge-Delivery"] for hit in hook.hits}) == 1
    [row] = deliveries(svc)
    assert (row.attempts, row.last_status, row.last_error) == (3, 200, None)


# -- deliverers straight on the outbox ----------------------------------------------


@pytest.fixture
def outbox(tmp_path: Path) -> Callable[[str | None], Queue]:
    """A migrated database (SQLite in tmp_path unless a URL is given), as a Queue."""

    def make(url: str | None = None) -> Queue:
        url = url or f"sqlite:///{tmp_path}/outbox.db"
        db.upgrade(url)
        return Queue(db.sessions(db.make_engine(url)), lease_s=5.0, max_attempts=3)

    return make


@pytest.fixture
def deliverers() -> Iterator[Callable[..., Deliverer]]:
    """Deliverers on their own engines (as separate processes would have), stopped at
    the end; ``start=False`` leaves the thread unstarted."""
    made: list[Deliverer] = []

    def make(url: str, start: bool = True, lease_s: float | None = None, **overrides) -> Deliverer:
        sessions = db.sessions(db.make_engine(url))
        deliverer = Deliverer(sessions, hook_settings(url, **overrides), lease_s=lease_s)
        made.append(deliverer)
        if start:
            deliverer.start()
        return deliverer

    yield make
    for deliverer in made:
        deliverer.stop()


def judged_with_callbacks(queue: Queue, url: str, count: int = 1) -> None:
    """Submissions judged and stored as a worker would, each leaving an outbox row."""
    new = NewSubmission(problem_id="can_shift", problem_hash="h", source="x", callback_url=url)
    queue.add([new] * count)
    for _ in range(count):
        claim = queue.claim("test-worker")
        assert claim is not None
        judged = Judgement(
            problem_id="can_shift",
            verdict=Verdict.accepted,
            time_ms=1.0,
            wall_ms=1.0,
            tests=[],
            provenance=PROVENANCE,
        )
        assert queue.complete(claim, judged)


def url_of(queue: Queue) -> str:
    return queue.sessions.kw["bind"].url.render_as_string(hide_password=False)


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_receiver_that_always_fails_ends_failed_after_webhook_attempts(
    outbox, deliverers, receiver, caplog
):
    hook = receiver(default=503)
    queue = outbox()
    judged_with_callbacks(queue, hook.url)
    with caplog.at_level(logging.WARNING, logger="pyjudge.webhooks"):
        deliverers(url_of(queue), webhook_attempts=3, webhook_backoff_s=0.1)
        until(lambda: [row.state for row in deliveries(queue)] == ["failed"])
        time.sleep(0.5)  # and no fourth attempt
    assert len(hook.hits) == 3
    [row] = deliveries(queue)
    assert (row.attempts, row.last_status, row.last_error) == (3, 503, "HTTP 503")
    assert "failed for good after 3 attempts" in caplog.text


def test_unreachable_receiver_counts_as_a_failed_attempt(outbox, deliverers):
    queue = outbox()
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    judged_with_callbacks(queue, f"http://127.0.0.1:{closed}/hook")
    deliverers(url_of(queue), webhook_attempts=2, webhook_backoff_s=0.1)
    until(lambda: [row.state for row in deliveries(queue)] == ["failed"])
    [row] = deliveries(queue)
    assert row.attempts == 2 and row.last_status is None
    assert row.last_error and "ConnectError" in row.last_error


def test_redirect_is_not_followed(outbox, deliverers, receiver):
    hook = receiver(default=307)
    queue = outbox()
    judged_with_callbacks(queue, hook.url)
    deliverers(url_of(queue), webhook_attempts=1)
    until(lambda: [row.state for row in deliveries(queue)] == ["failed"])
    assert [hit.path for hit in hook.hits] == ["/hook"]
    assert deliveries(queue)[0].last_status == 307


def test_allowlist_is_checked_again_before_sending(outbox, deliverers, receiver, caplog):
    hook = receiver()
    queue = outbox()
    judged_with_callbacks(queue, hook.url)  # allowed when it was submitted
    with caplog.at_level(logging.WARNING, logger="pyjudge.webhooks"):
        deliverers(url_of(queue), webhook_allow=["10.0.0.0/8"])  # the operator changed it
        until(lambda: [row.state for row in deliveries(queue)] == ["failed"])
    assert hook.hits == []
    [row] = deliveries(queue)
    assert row.attempts == 0
    assert row.last_error == "refused: 127.0.0.1 is not in an allowed webhook network"
    assert "refused, not sent" in caplog.text


def test_name_allowed_by_network_is_called_at_the_address_that_was_checked(
    outbox, deliverers, receiver, monkeypatch
):
    """DNS rebinding: the name resolves to an allowed address for the check and to
    another one afterwards; the POST still goes to the checked address."""
    hook = receiver()
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host, port, *args, **kwargs):
        if host != "hooks.test":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) == 1 else "10.255.255.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    queue = outbox()
    judged_with_callbacks(queue, f"http://hooks.test:{hook.port}/hook")
    deliverers(url_of(queue), webhook_allow=["127.0.0.0/8"])
    until(lambda: [row.state for row in deliveries(queue)] == ["delivered"])
    [hit] = hook.hits
    assert hit.headers["Host"] == f"hooks.test:{hook.port}"
    assert lookups == ["hooks.test"]  # looked up once, for the check


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_delivery_left_by_a_dead_process_is_sent_by_another_once_its_lease_ends(
    outbox, deliverers, receiver, database_url
):
    hook = receiver()
    queue = outbox(database_url)
    judged_with_callbacks(queue, hook.url)
    dead = deliverers(database_url, start=False, lease_s=0.5, webhook_allow=["10.0.0.0/8"])
    job = dead.claim()  # ... and its process dies before sending
    assert job is not None
    claimed = time.monotonic()
    deliverers(database_url)
    until(lambda: len(hook.hits) == 1)
    assert hook.hits[0].at - claimed >= 0.4  # not before the lease ran out
    until(lambda: [row.state for row in deliveries(queue)] == ["delivered"])
    # The dead holder's late outcome (here: refused) is not stored over it.
    assert dead.attempt(job) is None
    [row] = deliveries(queue)
    assert (row.state, row.attempts) == ("delivered", 1)
    assert len(hook.hits) == 1


def test_delivery_claimed_by_a_stopping_process_is_handed_straight_to_another(
    outbox, deliverers, receiver
):
    hook = receiver()
    queue = outbox()
    judged_with_callbacks(queue, hook.url)
    stopping = deliverers(url_of(queue), start=False, lease_s=60.0)
    stopping.stop()  # stop is asked for ...
    assert stopping.deliver_one()  # ... as it claims: it lets the delivery go unsent
    assert hook.hits == []
    deliverers(url_of(queue))
    until(lambda: len(hook.hits) == 1, timeout=5.0)  # well before the 60 s lease
    until(lambda: [row.state for row in deliveries(queue)] == ["delivered"])


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_racing_deliverers_send_each_delivery_exactly_once(
    outbox, deliverers, receiver, database_url
):
    hook = receiver()
    queue = outbox(database_url)
    judged_with_callbacks(queue, hook.url, count=30)
    for _ in range(4):
        deliverers(database_url)
    until(lambda: all(row.state == "delivered" for row in deliveries(queue)), timeout=20.0)
    time.sleep(0.3)
    sent = [hit.headers["X-Pyjudge-Delivery"] for hit in hook.hits]
    assert sorted(sent) == sorted(str(row.id) for row in deliveries(queue))
    assert len(sent) == 30 and len(set(sent)) == 30


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_webhooks_on_without_a_secret_is_a_setup_error(outbox, small_library):
    queue = outbox()
    settings = ServiceSettings(database_url=url_of(queue), webhook_allow=["127.0.0.1"])
    with pytest.raises(WebhookSetupError, match="JUDGE_WEBHOOK_SECRET"):
        deliverer_for(queue.sessions, settings)
    assert deliverer_for(queue.sessions, ServiceSettings(database_url=url_of(queue))) is None
    # `judge worker` says so in one line and exits 3 (as for any setup error).
    env = {
        **os.environ,
        "JUDGE_DATABASE_URL": url_of(queue),
        "JUDGE_WEBHOOK_ALLOW": '["127.0.0.1"]',
        "JUDGE_WEBHOOK_SECRET": "",
        "JUDGE_WORKERS": "1",
        "JUDGE_PROBLEMS_DIR": str(small_library),
    }
    done = subprocess.run(
        [str(JUDGE), "worker"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 3, done.stderr
    assert "JUDGE_WEBHOOK_SECRET is empty" in done.stderr + done.stdout
