"""What every request handler may use, and who is calling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from api.admission import Admission
from api.errors import ApiError
from api.keys import Keys
from api.metrics import Metrics
from api.notify import Wakeups
from api.queue import Queue
from api.schemas import EngineHealth
from api.settings import ServiceSettings
from judge.library import ProblemStore


@dataclass
class Service:
    settings: ServiceSettings
    sessions: sessionmaker[Session]
    queue: Queue
    problems: ProblemStore
    keys: Keys
    admission: Admission
    metrics: Metrics
    wakeups: Wakeups
    engine_health: Callable[[], EngineHealth]
    workers: int
    # (alive, started) in-process worker threads; None where this process runs none.
    worker_threads: Callable[[], tuple[int, int] | None] = lambda: None


@dataclass(frozen=True)
class Caller:
    owner_key_id: int | None  # None in open local mode
    bucket: str  # what the rate limit counts against


def service(request: Request) -> Service:
    return request.app.state.service


def caller(request: Request) -> Caller:
    svc = service(request)
    if not svc.keys.any_active():
        client = request.client.host if request.client else "local"
        return Caller(None, f"open:{client}")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "unauthorized",
            "send an API key as `Authorization: Bearer <key>` "
            "(create one with `judge keys create`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    owner = svc.keys.owner_of(token.strip())
    if owner is None:
        raise ApiError(401, "unauthorized", "unknown or revoked API key")
    return Caller(owner, f"key:{owner}")
