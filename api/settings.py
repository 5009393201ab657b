"""Service settings, from ``JUDGE_*`` environment variables (on top of the judge's own)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from judge.config import Settings

# Defaults that code outside the settings also falls back on (api.notify.Wakeups,
# api.worker.WorkerPool built without settings): one home for each number.
POLL_S = 0.5
NOTIFIED_POLL_S = 5.0
WORKER_GIVE_UP_S = 300.0

DEFAULT_DATABASE = Path(__file__).resolve().parents[1] / "var" / "judge.db"


class ServiceSettings(Settings):
    database_url: Annotated[
        str,
        Field(
            description=(
                "`sqlite:///path`, or `postgresql://user:password@host/db` (needs `pip install "
                "'pyjudge[postgres]'`)"
            ),
            json_schema_extra={"shown_default": "`sqlite:///` + the checkout's `var/judge.db`"},
        ),
    ] = f"sqlite:///{DEFAULT_DATABASE}"
    db_busy_timeout_s: Annotated[
        float, Field(description="how long a request waits for a locked SQLite file")
    ] = 30.0
    host: Annotated[str, Field(description="the address `judge serve` listens on")] = "127.0.0.1"
    port: Annotated[int, Field(description="the port `judge serve` listens on")] = 8000
    workers: Annotated[
        int,
        Field(
            description="worker threads of `judge serve` or `judge worker`",
            json_schema_extra={"shown_default": "one per CPU"},
        ),
    ] = os.cpu_count() or 1
    warm_per_shape: Annotated[
        int, Field(description="started containers kept ready per container shape (0: none)")
    ] = 2
    lease_s: Annotated[
        float,
        Field(
            description=(
                "a running submission whose worker stops heartbeating this long is re-queued"
            )
        ),
    ] = 15.0
    max_attempts: Annotated[
        int,
        Field(
            description="then a submission that keeps killing its workers ends as internal_error"
        ),
    ] = 3
    worker_give_up_s: Annotated[
        float,
        Field(
            description=(
                "a worker process whose database stays unreachable this long exits non-zero, for "
                "its supervisor to restart it"
            )
        ),
    ] = WORKER_GIVE_UP_S
    wait_cap_s: Annotated[
        float, Field(description="how long `?wait=true` holds a request before answering 202")
    ] = 30.0
    poll_s: Annotated[
        float,
        Field(
            description=(
                "how often idle workers, waiting requests and event streams look at the database "
                "when nothing wakes them"
            )
        ),
    ] = POLL_S
    notified_poll_s: Annotated[
        float, Field(description="the same while PostgreSQL's NOTIFY wakes them (a safety net)")
    ] = NOTIFIED_POLL_S
    max_queue: Annotated[int, Field(description="queued submissions in all, then 503")] = 1000
    max_pending_per_key: Annotated[
        int, Field(description="queued or running per key, then 429")
    ] = 100
    rate_per_s: Annotated[
        float,
        Field(
            description=(
                "submissions per second per key (per client address in open mode), shared by "
                "every API process"
            )
        ),
    ] = 10.0
    rate_burst: Annotated[int, Field(description="the token bucket's size")] = 40
    max_batch: Annotated[int, Field(description="submissions in one `POST /submissions/batch`")] = (
        20
    )
    max_run_cases: Annotated[
        int, Field(description="caller-given argument sets in one `POST /runs`")
    ] = 10
    max_body_kb: Annotated[int, Field(description="a larger request body is 413")] = 2048
    webhook_allow: Annotated[
        list[str],
        Field(
            default_factory=list,
            description=(
                'hosts and IP networks a `callback_url` may name, as JSON (`["hooks.example.com",'
                ' "10.0.0.0/8"]`); empty: webhooks off'
            ),
            json_schema_extra={"shown_default": "`[]` (webhooks off)"},
        ),
    ]
    webhook_secret: Annotated[
        str,
        Field(
            description=(
                "the HMAC-SHA256 key of `X-Pyjudge-Signature`; required once webhooks are on"
            )
        ),
    ] = ""
    webhook_attempts: Annotated[
        int, Field(description="attempts before a delivery is marked failed")
    ] = 8
    webhook_timeout_s: Annotated[
        float, Field(description="one attempt in all: connect, send, the answer's headers")
    ] = 5.0
    webhook_backoff_s: Annotated[
        float, Field(description="the wait after the first failed attempt; it doubles after each")
    ] = 2.0
    webhook_backoff_max_s: Annotated[
        float, Field(description="the longest wait between attempts")
    ] = 600.0
    webhook_poll_s: Annotated[
        float, Field(description="how often each process looks for due deliveries")
    ] = 1.0
    rejudge_on_change: Annotated[
        Literal["off", "report", "automatic"],
        Field(
            description=(
                "when `judge serve` starts with changed problems: say nothing, log which "
                "changed and how many submissions are stale, or also rejudge them"
            )
        ),
    ] = "report"


def settings_table() -> str:
    """README's table of settings, made from the classes (a test keeps them equal)."""
    rows = ["| variable | default | what |", "|---|---|---|"]
    for name, field in ServiceSettings.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        shown = extra.get("shown_default")
        if shown is None:
            default = field.get_default(call_default_factory=True)
            shown = f"`{default}`" if default != "" else "empty"
        rows.append(f"| `JUDGE_{name.upper()}` | {shown} | {field.description} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(settings_table(), end="")
