"""Server-Sent Events: a submission's tests as they finish, then its result.

The stream is read from the database, never from the worker that judges: workers
store each test as it ends (api.progress) and ring the submission's followers,
in this process directly or from another machine through NOTIFY (api.notify).
Polling at the wake-ups' interval covers SQLite across processes and lost news.

Events, in order:
- ``status`` (no id): ``{"status", "tests_done", "tests_total"}`` at the start and
  whenever the status changes while judging;
- ``test`` with id k (k = position + 1): one per test, in order, the same object
  ``GET /submissions/{id}`` lists;
- ``reset`` (no id): judging started afresh (its worker died or the engine went
  away, and another attempt began): the tests sent so far no longer stand;
- ``done`` with id ``done``: the whole result; then the stream ends.

From the second attempt on, test ids carry it: ``e.k``. ``Last-Event-ID: k`` (or
``e.k``) resumes after the k-th test of that attempt, from the first test if
another has begun since; ``Last-Event-ID: done`` is answered 204, which tells a
browser's EventSource to stop reconnecting. A stream ends after MAX_STREAM_S;
the client resumes with its last id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import lazyload
from starlette.concurrency import run_in_threadpool

from api import errors
from api.context import Caller, Service, caller, service
from api.errors import ApiError
from api.models import Submission, TestRow
from api.queue import DONE, owned_by
from api.submissions import test_out, to_out

router = APIRouter(tags=["submissions"])
Svc = Annotated[Service, Depends(service)]
Who = Annotated[Caller, Depends(caller)]

KEEPALIVE_S = 15.0  # a comment line this often keeps proxies from closing an idle stream
# A stream is closed after this long (the client resumes with Last-Event-ID), so one
# left open for a submission queued for ever, or by a key since revoked, ends.
MAX_STREAM_S = 300.0
_EVENT_ID = re.compile(r"(?:([0-9]{1,9})\.)?([0-9]{1,9})")
_STREAM: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A stream of `status`, `test` and `done` events (see docs/api.md)",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    },
    204: {"description": "`Last-Event-ID: done`: the stream had ended; nothing more"},
}


def _documented(not_found: str) -> dict[int | str, dict[str, Any]]:
    return {
        **_STREAM,
        **errors.documented("unauthorized", not_found, "invalid_request", "database_unavailable"),
    }


@dataclass(frozen=True)
class Snapshot:
    status: str
    epoch: int  # the attempt judging it (0 before the first)
    tests_total: int | None
    tests: list[TestRow]  # those at or after the position asked for, in order
    row: Submission | None  # the whole submission, once done


def _snapshot(
    svc: Service, who: Caller, submission_id: str, kind: str, from_position: int
) -> Snapshot:
    with svc.sessions() as session:
        row = session.scalar(
            select(Submission)
            .options(lazyload(Submission.tests))  # the tests come in their own query
            .where(
                Submission.id == submission_id,
                Submission.kind == kind,
                owned_by(who.owner_key_id),
            )
        )
        if row is None:
            raise ApiError(404, f"{kind}_not_found", f"no {kind} {submission_id!r}")
        tests = session.scalars(
            select(TestRow)
            .where(TestRow.submission_seq == row.seq, TestRow.position >= from_position)
            .order_by(TestRow.position)
        ).all()
        whole = None
        if row.status == DONE:
            session.expunge(row)
            whole = session.scalar(select(Submission).where(Submission.seq == row.seq))
        return Snapshot(row.status, row.epoch or 0, row.tests_total, list(tests), whole)


def _event(name: str, data: Any, event_id: str | None = None) -> str:
    lines = [f"event: {name}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append("data: " + json.dumps(data, separators=(",", ":")))
    return "\n".join(lines) + "\n\n"


@dataclass(frozen=True)
class Seen:
    """Where a client stands: k tests of the given attempt."""

    epoch: int
    tests: int


def _resume_point(last_event_id: str | None) -> Seen | None:
    """Where the client stands; None when it saw the end."""
    if last_event_id is None or not last_event_id.strip():
        return Seen(0, 0)
    value = last_event_id.strip()
    if value == "done":
        return None
    match = _EVENT_ID.fullmatch(value)
    if match is None:
        message = "Last-Event-ID must be a test number (k or attempt.k) or 'done'"
        raise ApiError(422, "invalid_request", message, "Last-Event-ID")
    return Seen(int(match[1] or 1), int(match[2]))


def _test_id(epoch: int, k: int) -> str:
    return str(k) if epoch <= 1 else f"{epoch}.{k}"


async def _stream(
    request: Request, svc: Service, who: Caller, submission_id: str, kind: str, start: Seen
) -> AsyncIterator[str]:
    followed = svc.wakeups.watch(submission_id, progress=True)
    shown: tuple[str, int | None] | None = None
    epoch, seen = start.epoch, start.tests
    beat = opened = time.monotonic()
    try:
        while time.monotonic() - opened < MAX_STREAM_S:
            followed.clear()  # before looking, so news arriving after the look is kept
            snap = await run_in_threadpool(_snapshot, svc, who, submission_id, kind, seen)
            if snap.epoch != epoch:
                epoch = snap.epoch
                if seen:  # what was sent belongs to an attempt that ended unfinished
                    seen, shown = 0, None
                    yield _event("reset", {"epoch": epoch})
                    continue
            if snap.row is None and (snap.status, snap.tests_total) != shown:
                shown = (snap.status, snap.tests_total)
                status = {
                    "status": snap.status,
                    "tests_done": seen,
                    "tests_total": snap.tests_total,
                }
                yield _event("status", status)
            for test in snap.tests:
                if test.position != seen:
                    break  # a gap: that test's row comes later (tests go out in order)
                seen += 1
                data = {**_dumped(test), "position": test.position}
                yield _event("test", data, _test_id(epoch, seen))
            if snap.row is not None:
                yield _event("done", to_out(snap.row).model_dump(mode="json"), "done")
                return
            if await request.is_disconnected():
                return
            wait_s = min(svc.wakeups.idle_wait_s, max(0.0, beat + KEEPALIVE_S - time.monotonic()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(followed.wait(), timeout=wait_s)
            if time.monotonic() - beat >= KEEPALIVE_S:
                beat = time.monotonic()
                yield ": keep-alive\n\n"
    finally:
        svc.wakeups.forget(submission_id, followed)


def _dumped(test: TestRow) -> dict[str, Any]:
    return test_out(test).model_dump(mode="json")


async def _events(
    request: Request, svc: Service, who: Caller, submission_id: str, kind: str, last: str | None
) -> Response:
    seen = _resume_point(last)
    # Checked before the stream starts, so an unknown id is a 404, not an empty stream.
    await run_in_threadpool(_snapshot, svc, who, submission_id, kind, 0)
    if seen is None:
        return Response(status_code=204)
    return StreamingResponse(
        _stream(request, svc, who, submission_id, kind, seen),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


LastEventId = Annotated[
    str | None, Header(description="resume after this event (a test number, or 'done')")
]


@router.get(
    "/submissions/{submission_id}/events",
    response_class=Response,
    responses=_documented("submission_not_found"),
)
async def submission_events(
    submission_id: str, request: Request, svc: Svc, who: Who, last_event_id: LastEventId = None
) -> Response:
    """Follow a submission: each test as it is judged, then the result (Server-Sent Events)."""
    return await _events(request, svc, who, submission_id, "submission", last_event_id)


@router.get(
    "/runs/{run_id}/events", response_class=Response, responses=_documented("run_not_found")
)
async def run_events(
    run_id: str, request: Request, svc: Svc, who: Who, last_event_id: LastEventId = None
) -> Response:
    """Follow a run of sample or custom tests, as for submissions."""
    return await _events(request, svc, who, run_id, "run", last_event_id)
