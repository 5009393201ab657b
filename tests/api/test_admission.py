"""Admission limits hold across API processes: the per-key pending cap and the rate
bucket are decided in the database, on a real PostgreSQL server and on SQLite."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from api import db
from api.keys import Keys
from api.models import Submission

CLIENTS = 16
BODY = {"problem_id": "can_shift", "source": "def can_shift(a, b):\n    return False\n"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_processes(start_server, url: str, count: int, tmp_path: Path, library: Path, **env):
    """`count` x `judge serve --workers 0` on one database; their base URLs."""
    settings = {"JUDGE_WORKERS": "0", "JUDGE_PROBLEMS_DIR": str(library), **env}
    bases = []
    for index in range(count):
        port = free_port()
        log = tmp_path / f"serve-{index}.log"
        start_server(url, port, log, healthy=(200, 503), **settings)
        bases.append(f"http://127.0.0.1:{port}")
    return bases


def stored(url: str, owner_key_id: int | None = None) -> int:
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            owner = (
                Submission.owner_key_id.is_(None)
                if owner_key_id is None
                else Submission.owner_key_id == owner_key_id
            )
            return connection.scalar(select(func.count()).select_from(Submission).where(owner))
    finally:
        engine.dispose()


def storm(bases: list[str], requests_each: int, tokens: list[str | None]) -> list[httpx.Response]:
    """CLIENTS clients at once, each from its own loopback address (so in open mode
    each has a rate bucket of its own while all are one owner), spread over the APIs."""
    start = threading.Barrier(CLIENTS)
    responses: list[httpx.Response] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{index + 2}")
        token = tokens[index % len(tokens)]
        headers = {"authorization": f"Bearer {token}"} if token else {}
        with httpx.Client(transport=transport, timeout=60, headers=headers) as http:
            start.wait()
            for request in range(requests_each):
                base = bases[(index + request) % len(bases)]
                response = http.post(f"{base}/submissions", json=BODY)
                with lock:
                    responses.append(response)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(responses) == CLIENTS * requests_each
    return responses


def codes(responses: list[httpx.Response]) -> Counter:
    return Counter(
        "accepted" if r.status_code == 202 else r.json()["error"]["code"] for r in responses
    )


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_pending_cap_holds_exactly_with_16_parallel_clients(
    kind, start_server, small_library, tmp_path, request
):
    """16 clients x 6 requests at a cap of 20: PostgreSQL behind 3 API processes,
    SQLite behind 1 (its file is one machine's). Nothing drains the queue."""
    cap, each = 20, 6
    if kind == "postgresql":
        url, processes = request.getfixturevalue("postgres").new_database(), 3
    else:
        url, processes = f"sqlite:///{tmp_path}/judge.db", 1
    bases = api_processes(
        start_server,
        url,
        processes,
        tmp_path,
        small_library,
        JUDGE_MAX_PENDING_PER_KEY=str(cap),
    )
    responses = storm(bases, each, [None])
    assert codes(responses) == {"accepted": cap, "too_many_pending": CLIENTS * each - cap}
    assert stored(url) == cap
    refused = [r for r in responses if r.status_code == 429]
    assert all(r.headers["retry-after"] == "5" for r in refused)
    assert all(f"(limit {cap})" in r.json()["error"]["message"] for r in refused)


def test_pending_cap_is_per_key_across_processes(start_server, postgres, small_library, tmp_path):
    cap = 10
    url = postgres.new_database()
    bases = api_processes(
        start_server, url, 3, tmp_path, small_library, JUDGE_MAX_PENDING_PER_KEY=str(cap)
    )
    keys = Keys(db.sessions(db.make_engine(url)))
    alice, bob = keys.create("alice"), keys.create("bob")
    responses = storm(bases, 4, [alice, bob])
    assert codes(responses) == {"accepted": 2 * cap, "too_many_pending": CLIENTS * 4 - 2 * cap}
    ids = {key.name: key.id for key in keys.list()}
    assert stored(url, ids["alice"]) == cap
    assert stored(url, ids["bob"]) == cap


def test_rate_bucket_is_shared_by_every_api_process(
    start_server, postgres, small_library, tmp_path
):
    """A burst of B in all, not B per process: the bucket is a row in the database."""
    burst = 6
    url = postgres.new_database()
    bases = api_processes(
        start_server,
        url,
        3,
        tmp_path,
        small_library,
        JUDGE_RATE_BURST=str(burst),
        JUDGE_RATE_PER_S="0.01",  # refills one token in 100 s: none during the test
    )
    with httpx.Client(timeout=30) as http:
        responses = [http.post(f"{bases[i % 3]}/submissions", json=BODY) for i in range(3 * burst)]
    assert [r.status_code for r in responses[:burst]] == [202] * burst
    assert codes(responses[burst:]) == {"rate_limited": 2 * burst}
    for response in responses[burst:]:
        assert int(response.headers["retry-after"]) >= 1
        assert (
            f"retry in {response.headers['retry-after']} s" in response.json()["error"]["message"]
        )
    assert stored(url) == burst


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_bucket_refills_on_the_database_clock(make_fake_service, database_url, assert_error):
    client, _ = make_fake_service(workers=0, database_url=database_url, rate_per_s=4, rate_burst=2)
    assert [client.post("/submissions", json=BODY).status_code for _ in range(2)] == [202, 202]
    refused = assert_error(client.post("/submissions", json=BODY), 429, "rate_limited")
    assert "retry in 1 s" in refused["message"]
    time.sleep(0.3)  # 1.2 tokens back at 4/s
    assert client.post("/submissions", json=BODY).status_code == 202
    assert_error(client.post("/submissions", json=BODY), 429, "rate_limited")


def test_a_batch_costs_a_token_per_submission(make_fake_service, database_url, assert_error):
    client, _ = make_fake_service(
        workers=0, database_url=database_url, rate_per_s=0.01, rate_burst=5
    )
    batch = {"submissions": [BODY] * 3}
    assert client.post("/submissions/batch", json=batch).status_code == 202
    response = client.post("/submissions/batch", json=batch)  # 2 tokens left, 3 asked
    assert_error(response, 429, "rate_limited")
    assert int(response.headers["retry-after"]) >= 100  # one token in 100 s
    assert client.post("/submissions/batch", json={"submissions": [BODY] * 2}).status_code == 202
    assert client.get("/submissions").json()["total"] == 5


def test_full_queue_and_pending_cap_refuse_on_both_databases(
    make_fake_service, database_url, assert_error
):
    client, svc = make_fake_service(
        workers=0, database_url=database_url, max_queue=3, max_pending_per_key=2
    )
    token = svc.keys.create("carol")
    keyed = {"authorization": f"Bearer {token}"}
    pair = {"submissions": [BODY] * 2}
    assert client.post("/submissions/batch", json=pair, headers=keyed).status_code == 202
    assert_error(client.post("/submissions", json=BODY, headers=keyed), 429, "too_many_pending")
    other = {"authorization": f"Bearer {svc.keys.create('dave')}"}
    assert client.post("/submissions", json=BODY, headers=other).status_code == 202
    response = client.post("/submissions", json=BODY, headers=other)
    assert_error(response, 503, "queue_full")
    assert response.headers["retry-after"] == "10"
    assert svc.queue.depth() == 3
