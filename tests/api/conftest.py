"""The real service on a SQLite file in tmp_path, real workers, the real engine."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.context import Service
from api.server import build
from api.settings import ServiceSettings

REPO = Path(__file__).resolve().parents[2]


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


@pytest.fixture
def make_service(
    tmp_path: Path, small_library: Path
) -> Iterator[Callable[..., tuple[TestClient, Service]]]:
    """Starts a service with settings overrides; workers stop when the test ends."""
    with ExitStack() as stack:

        def make(**overrides) -> tuple[TestClient, Service]:
            defaults = {
                "database_url": f"sqlite:///{tmp_path}/judge-{len(stack._exit_callbacks)}.db",
                "workers": 2,
                "lease_s": 5.0,
                "problems_dir": small_library,
            }
            settings = ServiceSettings(**{**defaults, **overrides})
            svc, pool = build(settings, settings.workers)
            app = create_app(svc, on_start=pool.start, on_stop=pool.stop)
            client = stack.enter_context(TestClient(app))
            return client, svc

        yield make


@pytest.fixture
def client(make_service) -> TestClient:
    return make_service()[0]


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
