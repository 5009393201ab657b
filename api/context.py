"""What every request handler may use, and who is calling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
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


# The scheme the OpenAPI schema documents (Swagger UI's "Authorize"). It never refuses
# by itself: whether a key is needed depends on whether any exists (open local mode),
# and a refusal must be a 401 in pyjudge's error shape, so `caller` decides.
bearer = HTTPBearer(
    scheme_name="bearerAuth",
    bearerFormat="pj_…",
    description="An API key from `judge keys create`. Not needed in open local mode "
    "(while no key exists).",
    auto_error=False,
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _owner(svc: Service, credentials: HTTPAuthorizationCredentials | None) -> int | None:
    """The key's owner; None when no Bearer key was sent; 401 for an unknown one."""
    token = credentials.credentials.strip() if credentials else ""
    if not token:
        return None
    owner = svc.keys.owner_of(token)
    if owner is None:
        raise ApiError(401, "unauthorized", "unknown or revoked API key")
    return owner


def caller(request: Request, credentials: Credentials) -> Caller:
    """Who is calling: the anonymous owner in open local mode, else a key's owner."""
    svc = service(request)
    if not svc.keys.any_active():
        return _open_caller(request)
    owner = _owner(svc, credentials)
    if owner is None:
        raise ApiError(
            401,
            "unauthorized",
            "send an API key as `Authorization: Bearer <key>` "
            "(create one with `judge keys create`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Caller(owner, f"key:{owner}")


def admin(request: Request, credentials: Credentials) -> Caller:
    """An admin key's owner: rejudging changes every solver's results, so it always
    needs a key made with `judge keys create NAME --admin`, open local mode or not."""
    svc = service(request)
    owner = _owner(svc, credentials)
    if owner is None:
        raise ApiError(
            401,
            "unauthorized",
            "send an admin API key as `Authorization: Bearer <key>` "
            "(create one with `judge keys create NAME --admin`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not svc.keys.is_admin(owner):
        raise ApiError(403, "forbidden", "rejudging needs an admin key")
    return Caller(owner, f"key:{owner}")


def viewer(request: Request, credentials: Credentials) -> Caller | None:
    """Who reads a public page, which needs no key: as ``caller``, but None (nobody in
    particular) when keys exist and none was sent. A key that is sent must be valid."""
    svc = service(request)
    if not svc.keys.any_active():
        return _open_caller(request)
    owner = _owner(svc, credentials)
    return None if owner is None else Caller(owner, f"key:{owner}")


def _open_caller(request: Request) -> Caller:
    client = request.client.host if request.client else "local"
    return Caller(None, f"open:{client}")
