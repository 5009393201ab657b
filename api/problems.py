"""GET /problems and /problems/{id}: public parts only, never secret tests or solutions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.context import Service, service
from api.errors import ApiError
from api.schemas import Param, ProblemDetail, ProblemSummary, SampleTest, Signature
from judge.problem import Problem

router = APIRouter(tags=["problems"])


def known_problem(svc: Service, problem_id: str) -> Problem:
    problem = svc.problems.get(problem_id)
    if problem is None:
        raise ApiError(404, "problem_not_found", f"no problem {problem_id!r}", "problem_id")
    return problem


def summary(problem: Problem) -> ProblemSummary:
    meta = problem.meta
    return ProblemSummary(
        id=problem.id, title=meta.title, difficulty=meta.difficulty.value, tags=meta.tags
    )


@router.get("/problems", response_model=list[ProblemSummary])
def list_problems(svc: Annotated[Service, Depends(service)]) -> list[ProblemSummary]:
    return [summary(p) for p in svc.problems.all()]


@router.get("/problems/{problem_id}", response_model=ProblemDetail)
def get_problem(problem_id: str, svc: Annotated[Service, Depends(service)]) -> ProblemDetail:
    problem = known_problem(svc, problem_id)
    function = problem.meta.function
    return ProblemDetail(
        **summary(problem).model_dump(),
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
