"""The FastAPI application: routes, the error shape, body limits, health and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors, events, fleet, pages, problems, rejudges, submissions
from api.context import Caller, Service, caller, service
from api.errors import ApiError, error_response
from api.schemas import Health, WorkerOut

FORM_TYPES = (b"application/x-www-form-urlencoded", b"text/plain")


class BodyLimit:
    """Refuses bodies over the limit with 413, reading at most limit + 1 bytes of them.

    Every body this API takes is JSON, so a JSON-looking body sent as a form or with
    no type (what `curl -d` does) is read as JSON instead of failing.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = ApiError(413, "body_too_large", f"the body exceeds {self.max_bytes} bytes")
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await error_response(too_large)(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await error_response(too_large)(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        try:
            bytes(body).decode("utf-8")
        except UnicodeDecodeError as exc:
            said = f"the body is not UTF-8 (byte {exc.start}); send UTF-8 JSON"
            await error_response(ApiError(422, "invalid_request", said, "body"))(
                scope, receive, send
            )
            return
        content_type = dict(scope["headers"]).get(b"content-type", b"")
        untyped = not content_type or content_type.startswith(FORM_TYPES)
        if untyped and bytes(body).lstrip()[:1] in (b"{", b"["):
            headers = [(k, v) for k, v in scope["headers"] if k != b"content-type"]
            scope = {**scope, "headers": [*headers, (b"content-type", b"application/json")]}
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


def create_app(
    svc: Service,
    on_start: Callable[[], None] = lambda: None,
    on_stop: Callable[[], None] = lambda: None,
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        on_start()
        try:
            yield
        finally:
            await run_in_threadpool(on_stop)

    app = FastAPI(
        title="pyjudge",
        summary="A sandboxed judge for Python functions",
        version="0.1.0",
        lifespan=lifespan,
        # Served by api.pages from vendored files: FastAPI's defaults load a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = svc
    errors.install(app)
    app.include_router(problems.router)
    app.include_router(submissions.router)
    app.include_router(rejudges.router)
    app.include_router(events.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC, check_dir=False), name="static")

    @app.get(
        "/health", response_model=Health, tags=["operations"], responses={503: {"model": Health}}
    )
    def health(svc: Annotated[Service, Depends(service)]) -> Health | JSONResponse:
        report = fleet_health(svc)
        if report.status == "ok":
            return report
        return JSONResponse(report.model_dump(), status_code=503)

    @app.get(
        "/workers",
        response_model=list[WorkerOut],
        tags=["operations"],
        responses=errors.documented("unauthorized", "database_unavailable"),
    )
    def workers(
        svc: Annotated[Service, Depends(service)], _: Annotated[Caller, Depends(caller)]
    ) -> list[WorkerOut]:
        """Every worker process that reported in the last hour, live ones first."""
        return [worker_out(item) for item in fleet.listing(svc.sessions)]

    @app.get("/metrics", tags=["operations"], response_class=Response)
    def metrics(svc: Annotated[Service, Depends(service)]) -> Response:
        return Response(svc.metrics.render(), media_type="text/plain; version=0.0.4")

    app.add_middleware(BodyLimit, max_bytes=svc.settings.max_body_kb << 10)
    return app


def fleet_health(svc: Service) -> Health:
    """Degraded when nothing live can judge what is queued (no live worker anywhere, or
    queued work for a problem version no live worker holds), or when this process's
    own workers or their engine fail. The engine is asked only where workers run here."""
    problems: list[str] = []
    engine = svc.engine_health() if svc.workers > 0 else None
    alive = None
    threads = svc.worker_threads()
    if threads is not None:
        alive, started = threads
        if started - alive:
            problems.append(f"{started - alive} of {started} worker threads died")
    if engine is not None and engine.detail:
        problems.append(engine.detail)
    elif engine is not None and not (engine.engine and engine.image):
        problems.append("the engine or the runner image is missing")
    live = fleet.live_fleet(svc.sessions)
    if not live.workers:
        problems.append(
            f"no live worker (none reported in the last {fleet.LIVE_WITHIN_S:.0f} s): "
            "start `judge worker`, or `judge serve` with workers"
        )
    else:
        lacking = fleet.unheld(svc.queue.waiting_hashes(), live.hashes)
        if lacking:
            names = ", ".join(fleet.name_versions(svc.sessions, lacking))
            problems.append(f"no live worker holds the problem version queued work needs: {names}")
    return Health(
        status="degraded" if problems else "ok",
        engine=engine.engine if engine else None,
        image=engine.image if engine else None,
        queue_depth=svc.queue.depth(),
        workers=svc.workers,
        workers_alive=alive,
        detail="; ".join(problems) or None,
        live_workers=live.workers,
        live_threads=live.threads,
    )


def worker_out(item: fleet.Listed) -> WorkerOut:
    row = item.row
    return WorkerOut(
        name=row.name,
        host=row.host,
        pid=row.pid,
        alive=item.alive,
        threads=row.threads,
        judge_version=row.judge_version,
        runner_image=row.runner_image,
        library_hash=row.library_hash,
        problems=row.problems or {},
        started_at=_moment(row.started_at),
        heartbeat_at=_moment(row.heartbeat_at),
        heartbeat_age_s=round(item.age_s, 3),
        stopped_at=_moment(row.stopped_at) if row.stopped_at is not None else None,
        current=row.current or [],
        judged=row.judged,
        released=row.released,
        note=row.note,
    )


def _moment(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)
