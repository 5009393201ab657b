"""POST /problems/{id}/rejudge, GET /problems/{id}/rejudges/{rid} (admin keys only), and
GET /submissions/{id}/history: the results a submission had before rejudges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends
from starlette.concurrency import run_in_threadpool

from api import rejudge
from api.context import Caller, Service, admin, caller, service
from api.errors import ApiError, documented
from api.problems import known_problem
from api.schemas import (
    ChangedSubmission,
    JudgementOut,
    RejudgeCreate,
    RejudgeOut,
    VerdictChange,
)
from api.submissions import READ_ERRORS, load_submission, test_out_of

router = APIRouter(tags=["rejudge"])
Svc = Annotated[Service, Depends(service)]
Admin = Annotated[Caller, Depends(admin)]
Who = Annotated[Caller, Depends(caller)]
ADMIN_ERRORS = ("unauthorized", "forbidden", "database_unavailable")


def rejudge_out(summary: rejudge.Summary) -> RejudgeOut:
    row = summary.rejudge
    return RejudgeOut(
        id=row.id,
        problem_id=row.problem_id,
        problem_hash=row.problem_hash,
        created_at=row.created_at,
        requested_by=row.requested_by,
        filters=row.filters,
        queued=row.queued,
        done=summary.done,
        pending=summary.pending,
        changed=len(summary.changed),
        transitions=[
            VerdictChange(before=t.before, after=t.after, count=t.count)
            for t in summary.transitions
        ],
        changed_submissions=[
            ChangedSubmission(
                submission_id=c.submission_id,
                before=c.before,
                after=c.after,
                url=f"/submissions/{c.submission_id}",
            )
            for c in summary.changed
        ],
        url=f"/problems/{row.problem_id}/rejudges/{row.id}",
    )


@router.post(
    "/problems/{problem_id}/rejudge",
    status_code=202,
    response_model=RejudgeOut,
    responses=documented(*ADMIN_ERRORS, "problem_not_found", "invalid_request"),
)
async def create_rejudge(
    problem_id: str,
    svc: Svc,
    who: Admin,
    body: Annotated[RejudgeCreate | None, Body()] = None,
) -> RejudgeOut:
    """Queue fresh judgements, against the problem's current version, of its finished
    submissions judged against another version (optionally only those since a moment,
    or with one verdict). They wait behind new submissions; each old result is kept."""
    problem = known_problem(svc, problem_id)
    body = body or RejudgeCreate()
    requested_by = f"key:{svc.keys.name_of(who.owner_key_id or 0)}"
    row = await run_in_threadpool(
        rejudge.start, svc.sessions, problem, requested_by, body.since, body.verdict
    )
    summary = await run_in_threadpool(rejudge.summary, svc.sessions, problem.id, row.id)
    assert summary is not None
    return rejudge_out(summary)


@router.get(
    "/problems/{problem_id}/rejudges/{rejudge_id}",
    response_model=RejudgeOut,
    responses=documented(*ADMIN_ERRORS, "rejudge_not_found"),
)
def get_rejudge(problem_id: str, rejudge_id: int, svc: Svc, who: Admin) -> RejudgeOut:
    """How far a rejudge got and what it changed: verdicts before and after, with counts
    and links to each submission whose verdict changed."""
    summary = rejudge.summary(svc.sessions, problem_id, rejudge_id)
    if summary is None:
        message = f"no rejudge {rejudge_id} of {problem_id!r}"
        raise ApiError(404, "rejudge_not_found", message)
    return rejudge_out(summary)


@router.get(
    "/submissions/{submission_id}/history",
    response_model=list[JudgementOut],
    responses=READ_ERRORS["submission"],
)
def get_history(submission_id: str, svc: Svc, who: Who) -> list[JudgementOut]:
    """A submission's earlier results, oldest first, each replaced by a rejudge (the
    current one is `GET /submissions/{id}`). Secret tests show what they showed then."""
    row = load_submission(svc, who, submission_id, "submission")
    return [
        JudgementOut(
            problem_hash=old.problem_hash,
            verdict=old.verdict,
            message=old.message,
            time_ms=old.time_ms,
            max_time_ms=old.max_time_ms,
            memory_kb=old.memory_kb,
            finished_at=old.finished_at,
            rejudge_id=old.rejudge_id,
            replaced_by=old.replaced_by,
            tests=[test_out_of(test) for test in old.tests],
        )
        for old in rejudge.history(svc.sessions, row.seq)
    ]
