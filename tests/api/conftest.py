"""The service on a SQLite file in tmp_path (or a database URL a test gives, such as
the `database_url` fixture's PostgreSQL one): with real workers on the real engine
(`make_service`, `client`: `docker` tests), or with a fake judge and no engine at all
(`make_fake_service`, `fake_client`: the fast tier)."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api import db
from api.app import create_app
from api.context import Service
from api.queue import Queue
from api.schemas import EngineHealth
from api.server import build, lifecycle
from api.settings import ServiceSettings
from judge.judging import Judge
from tests.api.fakes import FakeJudge, accepted

REPO = Path(__file__).resolve().parents[2]
JUDGE = Path(sys.executable).with_name("judge")


@pytest.fixture
def port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def start_server() -> Iterator[Callable[..., subprocess.Popen]]:
    """Starts `judge serve` as its own process (so it can be killed) and waits for /health;
    whatever is still running at the end gets SIGTERM, so it removes its containers.

    ``database`` is a SQLite file or any database URL. /health must answer with one
    of ``healthy`` (a service with no worker may well say 503, degraded)."""
    started: list[subprocess.Popen] = []

    def start(
        database: Path | str,
        port: int,
        log: Path,
        healthy: tuple[int, ...] = (200,),
        **env: str,
    ) -> subprocess.Popen:
        url = f"sqlite:///{database}" if isinstance(database, Path) else database
        settings = {
            "JUDGE_DATABASE_URL": url,
            "JUDGE_LEASE_S": "3",
            "JUDGE_WORKERS": "2",
            # Hundreds of submissions from one caller in a burst: lift per-caller limits.
            "JUDGE_MAX_PENDING_PER_KEY": "1000",
            "JUDGE_RATE_BURST": "1000",
        }
        process = subprocess.Popen(
            [str(JUDGE), "serve", "--port", str(port)],
            env={**os.environ, **settings, **env},
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code in healthy:
                    return process
            except httpx.HTTPError:
                time.sleep(0.1)
        process.kill()
        raise AssertionError(f"judge serve did not come up: {log.read_text()[-2000:]}")

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(60)


@pytest.fixture
def source_of() -> Callable[..., str]:
    """A shipped problem's file: source_of("can_shift") is its reference solution."""
    return lambda problem, relative="solution.py": (
        REPO / "problems" / problem / relative
    ).read_text()


@pytest.fixture(scope="session")
def small_library(tmp_path_factory) -> Path:
    """The two seed problems only: loading the whole library costs seconds per service."""
    library = tmp_path_factory.mktemp("library")
    for problem in ("can_shift", "find_bigrams"):
        shutil.copytree(REPO / "problems" / problem, library / problem)
    return library


MakeJudge = Callable[[], Judge | FakeJudge]


@contextmanager
def service_factory(
    tmp_path: Path, library: Path, make_judge: MakeJudge | None
) -> Iterator[Callable[..., tuple[TestClient, Service]]]:
    """Starts services with settings overrides (``database_url`` among them: a fresh
    SQLite file each by default) judging with ``make_judge`` (None: the real sandbox;
    a fake also reports a healthy engine, so nothing asks Docker); workers and the
    NOTIFY listener stop when the block ends."""
    databases = itertools.count()
    with ExitStack() as stack:

        def make(**overrides) -> tuple[TestClient, Service]:
            defaults = {
                "database_url": f"sqlite:///{tmp_path}/judge-{next(databases)}.db",
                "workers": 2,
                "lease_s": 5.0,
                "problems_dir": library,
            }
            settings = ServiceSettings(**{**defaults, **overrides})
            svc, pool = build(settings, settings.workers)
            if make_judge is not None:
                pool.make_judge = make_judge
                svc.engine_health = lambda: EngineHealth(engine=True, image=True)
            start, stop = lifecycle(svc, pool)
            app = create_app(svc, on_start=start, on_stop=stop)
            client = stack.enter_context(TestClient(app))
            return client, svc

        yield make


@pytest.fixture
def make_service(
    tmp_path: Path, small_library: Path
) -> Iterator[Callable[..., tuple[TestClient, Service]]]:
    """The service with real workers on the real engine (a `docker` test)."""
    with service_factory(tmp_path, small_library, None) as make:
        yield make


@pytest.fixture
def make_fake_service(
    tmp_path: Path, small_library: Path
) -> Iterator[Callable[..., tuple[TestClient, Service]]]:
    """The service with a fake judge that accepts every submission (tests/api/fakes.py):
    for tests of the API, the queue and the store, not of verdicts, limits or isolation."""
    with service_factory(tmp_path, small_library, lambda: FakeJudge(accepted)) as make:
        yield make


@pytest.fixture
def client(make_service) -> TestClient:
    return make_service()[0]


@pytest.fixture
def fake_client(make_fake_service) -> TestClient:
    return make_fake_service()[0]


ERROR_KEYS = {"status", "code", "message", "field"}


@pytest.fixture
def assert_error() -> Callable[..., dict]:
    return _assert_error


def _assert_error(response, status: int, code: str | None = None, field: str | None = None):
    """The locked error shape: {"error": {"status", "code", "message", "field"}}."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    if field:
        assert body["error"]["field"] == field
    return body["error"]


@pytest.fixture
def queue(database_url: str) -> Iterator[Queue]:
    """A queue on each kind of database (the ``database_url`` fixture's parameters),
    with half-second leases."""
    db.upgrade(database_url)
    engine = db.make_engine(database_url)
    yield Queue(db.sessions(engine), lease_s=0.5, max_attempts=3)
    engine.dispose()
