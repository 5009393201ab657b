"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.models import SubmissionKind, SubmissionStatus
from judge.verdicts import Provenance, TestResult, Verdict


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every stored one is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


Timestamp = Annotated[datetime, AfterValidator(_utc)]
ProblemId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# A correct solution of the shipped problem can_shift: the examples below are sent as
# they are by "Try it out" on /docs (tests/api/test_openapi.py judges them).
ACCEPTED_SOURCE = (
    "def can_shift(a: str, b: str) -> bool:\n    return len(a) == len(b) and b in a + a\n"
)
WRONG_SOURCE = "def can_shift(a: str, b: str) -> bool:\n    return sorted(a) == sorted(b)\n"
SUBMISSION_EXAMPLES: dict[str, dict[str, Any]] = {
    "accepted": {
        "summary": "A correct can_shift (ends accepted)",
        "value": {"problem_id": "can_shift", "source": ACCEPTED_SOURCE},
    },
    "wrong_answer": {
        "summary": "An anagram test instead of a rotation test (ends wrong_answer)",
        "value": {"problem_id": "can_shift", "source": WRONG_SOURCE},
    },
}
BATCH_EXAMPLES: dict[str, dict[str, Any]] = {
    "two": {
        "summary": "Two submissions at once",
        "value": {
            "submissions": [
                {"problem_id": "can_shift", "source": ACCEPTED_SOURCE},
                {"problem_id": "can_shift", "source": WRONG_SOURCE},
            ]
        },
    }
}
RUN_EXAMPLES: dict[str, dict[str, Any]] = {
    "samples": {
        "summary": "Run the sample tests",
        "value": {"problem_id": "can_shift", "source": ACCEPTED_SOURCE},
    },
    "custom": {
        "summary": "Run your own arguments (verdict `ran`, values shown)",
        "value": {
            "problem_id": "can_shift",
            "source": ACCEPTED_SOURCE,
            "args": [{"a": "abcde", "b": "cdeab"}, {"a": "abc", "b": "acb"}],
        },
    },
}
SOURCE_DOC = "Python source defining the problem's function (at most 64 KiB)"


class SubmissionCreate(_Request):
    problem_id: Annotated[ProblemId, Field(examples=["can_shift"])]
    source: Annotated[str, Field(min_length=1, description=SOURCE_DOC, examples=[ACCEPTED_SOURCE])]
    callback_url: Annotated[
        str | None,
        Field(
            max_length=2048,
            description="POSTed the result once judged (signed; only to hosts the operator "
            "allows with JUDGE_WEBHOOK_ALLOW; webhooks are off by default)",
        ),
    ] = None
    complexity: Annotated[
        bool,
        Field(
            description="after an accepted verdict, estimate the time complexity on the "
            "problem's size ladder (problems with a ladder only; see docs/complexity.md)"
        ),
    ] = False


class BatchCreate(_Request):
    submissions: Annotated[list[SubmissionCreate], Field(min_length=1)]


class RunCreate(_Request):
    problem_id: Annotated[ProblemId, Field(examples=["can_shift"])]
    source: Annotated[str, Field(min_length=1, description=SOURCE_DOC, examples=[ACCEPTED_SOURCE])]
    args: Annotated[
        list[dict[str, Any]] | None,
        Field(
            description="named arguments per case (1 to 10); omit to run the sample tests",
            examples=[[{"a": "abcde", "b": "cdeab"}]],
        ),
    ] = None


class Queued(BaseModel):
    id: str
    status: SubmissionStatus
    detail: str | None = None  # e.g. why a request that asked to wait did not


class SubmissionOut(BaseModel):
    id: str
    kind: SubmissionKind
    problem_id: str
    status: SubmissionStatus
    verdict: Verdict | None
    message: str | None
    # Filled in as tests finish, while running too; input/expected/output/stdout only
    # for sample and custom tests.
    tests: list[TestResult]
    tests_total: int | None = None  # how many tests the run has, once judging started
    time_ms: float | None  # CPU time summed over the tests
    max_time_ms: float | None  # the slowest test's CPU time
    memory_kb: int | None  # the container's peak memory over the run
    wall_ms: float | None
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    provenance: Provenance | None
    problem_hash: str | None = None  # the problem version it was judged against
    rejudged: int = 0  # earlier judgements replaced by rejudges (GET .../history)
    # The empirical time-complexity estimate, when asked for and the verdict was accepted.
    complexity: dict[str, Any] | None = None


class SubmissionPage(BaseModel):
    items: list[SubmissionOut]
    page: int
    per_page: int
    total: int


class ProblemSummary(BaseModel):
    id: str
    title: str
    difficulty: str
    tags: list[str]
    # The caller (its key, or the shared owner in open mode) has an accepted submission
    # for it; false when keys exist and the request sent none.
    solved: bool = False


class Param(BaseModel):
    name: str
    type: str


class Signature(BaseModel):
    name: str
    params: list[Param]
    returns: str
    text: str


class SampleTest(BaseModel):
    id: str
    input: dict[str, Any]
    expected: Any


class ProblemDetail(ProblemSummary):
    statement: str
    signature: Signature
    limits: dict[str, Any]
    checker: str
    samples: list[SampleTest]


class EngineHealth(BaseModel):
    """What the workers' side reports about the sandbox engine."""

    engine: bool
    image: bool
    detail: str | None = None


class Health(BaseModel):
    """The fleet's health as this API sees it: 503 (degraded) when nothing live can
    judge what is queued, or when this process's own workers or engine fail."""

    status: Literal["ok", "degraded"]
    # This host's engine and runner image; None where this process runs no workers
    # (an API-only host needs no Docker).
    engine: bool | None
    image: bool | None
    queue_depth: int
    workers: int  # worker threads this process runs itself
    # In-process worker threads running; fewer than ``workers`` means one died (503).
    # None when this process runs no workers of its own.
    workers_alive: int | None = None
    detail: str | None = None
    # Worker processes (any machine) that reported recently, and their threads.
    live_workers: int = 0
    live_threads: int = 0


class WorkerOut(BaseModel):
    """One worker process as it last reported itself (times on the database's clock)."""

    name: str  # host:pid:nonce; its threads lease submissions as <name>:<index>
    host: str
    pid: int
    alive: bool  # reported within the last LIVE_WITHIN_S seconds and not stopped
    threads: int  # worker threads alive at its last report
    judge_version: str
    runner_image: str  # the image id it checked at start
    library_hash: str
    problems: dict[str, str]  # problem id -> content hash
    started_at: Timestamp
    heartbeat_at: Timestamp
    heartbeat_age_s: float
    stopped_at: Timestamp | None
    current: list[str]  # submissions it is judging
    judged: int
    released: int  # claims handed back unjudged (another problem version, the engine away)
    note: str | None  # the latest thing an operator should know


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class RejudgeCreate(_Request):
    since: Annotated[
        datetime | None, Field(description="only submissions made at or after this moment")
    ] = None
    verdict: Annotated[Verdict | None, Field(description="only submissions with this verdict")] = (
        None
    )


class VerdictChange(BaseModel):
    before: Verdict | None
    after: Verdict | None
    count: int


class ChangedSubmission(BaseModel):
    submission_id: str
    before: Verdict | None
    after: Verdict | None
    url: str  # GET it (the caller's own key may not own it; history is at url + /history)


class RejudgeOut(BaseModel):
    id: int
    problem_id: str
    problem_hash: str  # the version the submissions are judged against
    created_at: Timestamp
    requested_by: str
    filters: dict[str, Any]
    queued: int  # submissions it put back in the queue
    done: int  # of those, judged again
    pending: int
    changed: int  # judged again with another verdict
    transitions: list[VerdictChange]  # before -> after, with counts, most frequent first
    changed_submissions: list[ChangedSubmission]
    url: str


class JudgementOut(BaseModel):
    """An earlier result of a submission, replaced by a rejudge."""

    problem_hash: str
    verdict: Verdict | None
    message: str | None
    time_ms: float | None
    max_time_ms: float | None
    memory_kb: int | None
    finished_at: Timestamp | None
    rejudge_id: int | None  # the rejudge that produced it (None: the first judgement)
    replaced_by: int  # the rejudge that replaced it
    tests: list[TestResult]
