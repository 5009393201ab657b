"""Submissions and runs: stored first, judged by the workers, read back by their owner."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api import fleet
from api.context import Caller, Service, caller, service
from api.errors import ApiError, documented
from api.models import TEST_FIELDS, JudgementRow, Submission, SubmissionKind, TestRow
from api.problems import known_problem
from api.queue import DONE, QUEUED, NewSubmission, owned_by
from api.schemas import (
    BATCH_EXAMPLES,
    RUN_EXAMPLES,
    SUBMISSION_EXAMPLES,
    BatchCreate,
    Queued,
    RunCreate,
    SubmissionCreate,
    SubmissionOut,
    SubmissionPage,
)
from api.webhooks import CallbackRefused, check_callback
from judge.judging import source_too_large
from judge.problem import ProblemError, make_case
from judge.verdicts import Provenance, TestResult, Verdict

router = APIRouter(tags=["submissions"])
Svc = Annotated[Service, Depends(service)]
Who = Annotated[Caller, Depends(caller)]
# What each route can answer besides its result (api.errors.CODES; the schema adds
# 401 to every route that takes a key, and 400/413/422 to every one with a body).
ADMISSION = ("rate_limited", "too_many_pending", "queue_full", "database_unavailable")
CREATE_ERRORS = documented(
    "unauthorized",
    "problem_not_found",
    "source_too_large",
    "invalid_request",
    "callback_refused",
    *ADMISSION,
)
RUN_ERRORS = documented(
    "unauthorized", "problem_not_found", "source_too_large", "invalid_request", *ADMISSION
)
LIST_ERRORS = documented("unauthorized", "invalid_request", "database_unavailable")
READ_ERRORS = {
    kind: documented("unauthorized", f"{kind}_not_found", "database_unavailable")
    for kind in ("submission", "run")
}


def test_out_of(stored: dict[str, Any]) -> TestResult:
    """A stored test (``TEST_FIELDS``: a TestRow's, or one kept in a submission's history)."""
    return TestResult(
        id=stored["test_id"],
        group=stored["group"],
        verdict=stored["verdict"],
        time_ms=stored.get("time_ms"),
        wall_ms=stored.get("wall_ms"),
        memory_kb=stored.get("memory_kb"),
        time_band=stored.get("time_band"),
        message=stored.get("message"),
        **(stored.get("detail") or {}),
    )


def test_out(t: TestRow) -> TestResult:
    return test_out_of({field: getattr(t, field) for field in TEST_FIELDS})


def to_out(row: Submission, rejudged: int = 0) -> SubmissionOut:
    tests = [test_out(t) for t in row.tests]
    return SubmissionOut(
        id=row.id,
        kind=row.kind,
        problem_id=row.problem_id,
        status=row.status,
        verdict=row.verdict,
        message=row.message,
        tests=tests,
        tests_total=row.tests_total,
        time_ms=row.time_ms,
        max_time_ms=row.max_time_ms,
        memory_kb=row.memory_kb,
        wall_ms=row.wall_ms,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        provenance=Provenance.model_validate(row.provenance) if row.provenance else None,
        problem_hash=row.problem_hash,
        rejudged=rejudged,
        complexity=row.complexity,
    )


def _check_source(svc: Service, source: str, field: str = "source") -> None:
    too_large = source_too_large(source, svc.settings.max_source_kb << 10)
    if too_large is not None:
        raise ApiError(413, "source_too_large", f"{field} {too_large}", field)
    if not source.strip():
        raise ApiError(422, "invalid_request", f"{field} is empty", field)


def _queue(svc: Service, who: Caller, news: list[NewSubmission]) -> list[Submission]:
    """Stored if the caller's rate, its pending cap and the queue allow (api.admission)."""
    return svc.admission.admit(who.owner_key_id, who.bucket, news)


def _no_worker(svc: Service) -> bool:
    """Nothing could judge a submission now: no live worker thread here, and none in
    the fleet's table (heartbeats on the database's clock)."""
    threads = svc.worker_threads()
    if threads is not None and threads[0] > 0:
        return False
    return fleet.live_count(svc.sessions) == 0


def _new(svc: Service, who: Caller, body: SubmissionCreate | RunCreate, field: str = "source"):
    problem = known_problem(svc, body.problem_id)
    _check_source(svc, body.source, field)
    custom = None
    if isinstance(body, RunCreate) and body.args is not None:
        if not 1 <= len(body.args) <= svc.settings.max_run_cases:
            message = f"args must hold 1 to {svc.settings.max_run_cases} cases"
            raise ApiError(422, "invalid_request", message, "args")
        for index, args in enumerate(body.args):
            try:
                make_case(problem.meta, f"custom/{index}", "custom", args, file=f"args.{index}")
            except ProblemError as exc:
                raise ApiError(422, "invalid_request", str(exc), exc.field) from None
        custom = body.args
    callback = body.callback_url if isinstance(body, SubmissionCreate) else None
    wants_complexity = isinstance(body, SubmissionCreate) and body.complexity
    if wants_complexity and problem.meta.complexity is None:
        message = f"{problem.id} has no size ladder to estimate complexity on"
        raise ApiError(422, "invalid_request", message, "complexity")
    if callback is not None:
        try:
            check_callback(callback, svc.settings.webhook_allow)
        except CallbackRefused as exc:
            raise ApiError(422, "callback_refused", str(exc), "callback_url") from None
    return NewSubmission(
        problem_id=problem.id,
        problem_hash=problem.content_hash,
        source=body.source,
        owner_key_id=who.owner_key_id,
        kind=SubmissionKind.run if isinstance(body, RunCreate) else SubmissionKind.submission,
        custom_args=custom,
        callback_url=callback,
        complexity_wanted=wants_complexity,
    )


def load_submission(svc: Service, who: Caller, submission_id: str, kind: str) -> Submission:
    with svc.sessions() as session:
        row = session.scalar(
            select(Submission).where(
                Submission.id == submission_id,
                Submission.kind == kind,
                owned_by(who.owner_key_id),
            )
        )
    if row is None:
        raise ApiError(404, f"{kind}_not_found", f"no {kind} {submission_id!r}")
    return row


async def _wait_for(svc: Service, who: Caller, submission_id: str, kind: str) -> Submission:
    """The row once done, or as it is when the server-side cap runs out."""
    deadline = time.monotonic() + svc.settings.wait_cap_s
    event = svc.wakeups.watch(submission_id)
    try:
        while True:
            event.clear()  # before looking, so news arriving after the look is kept
            row = await run_in_threadpool(load_submission, svc, who, submission_id, kind)
            remaining = deadline - time.monotonic()
            if row.status == DONE or remaining <= 0:
                return row
            # Woken by a worker here or by NOTIFY; the timeout is the polling fallback.
            timeout = min(remaining, svc.wakeups.idle_wait_s)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout=timeout)
    finally:
        svc.wakeups.forget(submission_id, event)


async def _wait_or_say_why(svc: Service, who: Caller, row: Submission, kind: str) -> JSONResponse:
    """Held until judged; at once (202, with why) when no worker runs anywhere, rather
    than for the whole wait cap."""
    if await run_in_threadpool(_no_worker, svc):
        detail = f"no worker is running; the {kind} stays queued and is judged once one starts"
        queued = Queued(id=row.id, status=QUEUED, detail=detail)
        return JSONResponse(queued.model_dump(), status_code=202)
    return _respond(await _wait_for(svc, who, row.id, kind))


def _respond(row: Submission) -> JSONResponse:
    """200 with the result once judged; 202 with the id while still queued or running."""
    if row.status == DONE:
        return JSONResponse(to_out(row).model_dump(mode="json"), status_code=200)
    return JSONResponse(Queued(id=row.id, status=row.status).model_dump(), status_code=202)


@router.post(
    "/submissions",
    status_code=202,
    response_model=Queued,
    responses={
        200: {"model": SubmissionOut, "description": "Judged (`wait=true`)"},
        **CREATE_ERRORS,
    },
)
async def create_submission(
    body: Annotated[SubmissionCreate, Body(openapi_examples=SUBMISSION_EXAMPLES)],
    svc: Svc,
    who: Who,
    wait: Annotated[bool, Query(description="hold the request until judged (capped)")] = False,
):
    """Queue a submission: 202 with its id once stored. With `wait=true`, 200 with the
    result if judging ends within the server's cap, else 202."""
    new = await run_in_threadpool(_new, svc, who, body)  # a callback_url may wait on DNS
    [row] = await run_in_threadpool(_queue, svc, who, [new])
    if not wait:
        return JSONResponse(Queued(id=row.id, status=QUEUED).model_dump(), status_code=202)
    return await _wait_or_say_why(svc, who, row, "submission")


@router.post(
    "/submissions/batch", status_code=202, response_model=list[Queued], responses=CREATE_ERRORS
)
async def create_batch(
    body: Annotated[BatchCreate, Body(openapi_examples=BATCH_EXAMPLES)], svc: Svc, who: Who
) -> list[Queued]:
    """Queue 1 to 20 submissions at once; the ids come back in order."""
    if len(body.submissions) > svc.settings.max_batch:
        message = f"a batch holds at most {svc.settings.max_batch} submissions"
        raise ApiError(422, "invalid_request", message, "submissions")
    # In a thread: checking a callback_url may wait on DNS, which must not stall the loop.
    news = await run_in_threadpool(
        lambda: [
            _new(svc, who, item, f"submissions.{i}.source")
            for i, item in enumerate(body.submissions)
        ]
    )
    rows = await run_in_threadpool(_queue, svc, who, news)
    return [Queued(id=row.id, status=QUEUED) for row in rows]


@router.get("/submissions", response_model=SubmissionPage, responses=LIST_ERRORS)
def list_submissions(
    svc: Svc,
    who: Who,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    problem_id: str | None = None,
    verdict: Verdict | None = None,
) -> SubmissionPage:
    """The caller's submissions, newest first."""
    filters = [Submission.kind == SubmissionKind.submission, owned_by(who.owner_key_id)]
    if problem_id:
        filters.append(Submission.problem_id == problem_id)
    if verdict:
        filters.append(Submission.verdict == verdict.value)
    with svc.sessions() as session:
        total = session.scalar(select(func.count()).select_from(Submission).where(*filters)) or 0
        rows = session.scalars(
            select(Submission)
            .where(*filters)
            .order_by(Submission.seq.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        ).all()
        rejudged = _rejudged(session, [row.seq for row in rows])
        items = [to_out(row, rejudged.get(row.seq, 0)) for row in rows]
    return SubmissionPage(items=items, page=page, per_page=per_page, total=total)


def _rejudged(session: Session, seqs: list[int]) -> dict[int, int]:
    """Earlier judgements per submission, in one grouped query for a whole page."""
    if not seqs:
        return {}
    counted = session.execute(
        select(JudgementRow.submission_seq, func.count())
        .where(JudgementRow.submission_seq.in_(seqs))
        .group_by(JudgementRow.submission_seq)
    )
    return {seq: count for seq, count in counted.tuples()}


@router.get(
    "/submissions/{submission_id}",
    response_model=SubmissionOut,
    responses=READ_ERRORS["submission"],
)
def get_submission(submission_id: str, svc: Svc, who: Who) -> SubmissionOut:
    """A submission of the caller's, with its tests so far while it is being judged."""
    return _with_history(svc, load_submission(svc, who, submission_id, "submission"))


def _with_history(svc: Service, row: Submission) -> SubmissionOut:
    with svc.sessions() as session:
        return to_out(row, rejudged=_rejudged(session, [row.seq]).get(row.seq, 0))


@router.post(
    "/runs",
    response_model=SubmissionOut,
    responses={
        202: {"model": Queued, "description": "Not judged within the wait cap"},
        **RUN_ERRORS,
    },
)
async def create_run(
    body: Annotated[RunCreate, Body(openapi_examples=RUN_EXAMPLES)], svc: Svc, who: Who
):
    """Run code on the sample tests, or on caller-given arguments; values and output come back."""
    new = await run_in_threadpool(_new, svc, who, body)
    [row] = await run_in_threadpool(_queue, svc, who, [new])
    return await _wait_or_say_why(svc, who, row, "run")


@router.get("/runs/{run_id}", response_model=SubmissionOut, responses=READ_ERRORS["run"])
def get_run(run_id: str, svc: Svc, who: Who) -> SubmissionOut:
    return to_out(load_submission(svc, who, run_id, "run"))
