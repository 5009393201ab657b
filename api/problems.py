"""GET /problems and /problems/{id}: public parts only, never secret tests or solutions,
with whether the caller has solved each."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import select

from api.context import Caller, Service, service, viewer
from api.errors import ApiError, documented
from api.models import Submission, SubmissionKind
from api.queue import owned_by
from api.schemas import Param, ProblemDetail, ProblemSummary, SampleTest, Signature
from judge.problem import Problem
from judge.verdicts import Verdict

router = APIRouter(tags=["problems"])
Svc = Annotated[Service, Depends(service)]
Viewer = Annotated[Caller | None, Depends(viewer)]
# The pages are public: a key is optional ({} in the requirements), and only says whose
# solved marks to show. A key that is sent must be valid (401 otherwise).
OPTIONAL_KEY: dict[str, Any] = {"security": [{}]}


def known_problem(svc: Service, problem_id: str) -> Problem:
    problem = svc.problems.get(problem_id)
    if problem is None:
        raise ApiError(404, "problem_not_found", f"no problem {problem_id!r}", "problem_id")
    return problem


def solved_by(svc: Service, who: Caller | None, problem_id: str | None = None) -> set[str]:
    """The problems ``who`` has an accepted submission for (runs do not count), in one
    grouped query whatever the library's size; none for nobody in particular."""
    if who is None:
        return set()
    query = (
        select(Submission.problem_id)
        .where(
            owned_by(who.owner_key_id),
            Submission.kind == SubmissionKind.submission,
            Submission.verdict == Verdict.accepted.value,
        )
        .group_by(Submission.problem_id)
    )
    if problem_id is not None:
        query = query.where(Submission.problem_id == problem_id)
    with svc.sessions() as session:
        return set(session.scalars(query))


def summary(problem: Problem, solved: bool = False) -> ProblemSummary:
    meta = problem.meta
    return ProblemSummary(
        id=problem.id,
        title=meta.title,
        difficulty=meta.difficulty.value,
        tags=meta.tags,
        solved=solved,
    )


@router.get(
    "/problems",
    response_model=list[ProblemSummary],
    responses=documented("unauthorized", "database_unavailable"),
    openapi_extra=OPTIONAL_KEY,
)
def list_problems(svc: Svc, who: Viewer) -> list[ProblemSummary]:
    """Every problem, with `solved` for the caller (no key needed; without one while
    keys exist, nothing shows as solved)."""
    solved = solved_by(svc, who)
    return [summary(p, p.id in solved) for p in svc.problems.all()]


@router.get(
    "/problems/{problem_id}",
    response_model=ProblemDetail,
    responses=documented("unauthorized", "problem_not_found", "database_unavailable"),
    openapi_extra=OPTIONAL_KEY,
)
def get_problem(problem_id: str, svc: Svc, who: Viewer) -> ProblemDetail:
    """The statement, signature, limits, checker and sample tests; never secret tests."""
    problem = known_problem(svc, problem_id)
    function = problem.meta.function
    return ProblemDetail(
        **summary(problem, problem.id in solved_by(svc, who, problem.id)).model_dump(),
        statement=problem.statement,
        signature=Signature(
            name=function.name,
            params=[Param(name=p.name, type=p.type) for p in function.params],
            returns=function.returns,
            text=function.render(),
        ),
        limits=problem.meta.limits.model_dump(),
        checker=problem.meta.checker.kind.value,
        samples=[SampleTest(id=t.id, input=t.args, expected=t.expected) for t in problem.samples],
    )
