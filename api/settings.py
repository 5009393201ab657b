"""Service settings, from ``JUDGE_*`` environment variables (on top of the judge's own)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field

from judge.config import Settings

DEFAULT_DATABASE = Path(__file__).resolve().parents[1] / "var" / "judge.db"


class ServiceSettings(Settings):
    database_url: str = f"sqlite:///{DEFAULT_DATABASE}"
    db_busy_timeout_s: float = 30.0  # how long a request waits for a locked SQLite file
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = os.cpu_count() or 1
    warm_per_shape: int = 2  # started containers kept ready per container shape (0: none)
    lease_s: float = 15.0  # a running submission whose worker stops heartbeating is re-queued
    max_attempts: int = 3  # then it ends as internal_error instead of killing workers forever
    # A worker process whose database stays unreachable this long exits non-zero, so
    # that its supervisor (systemd, compose's restart policy) starts it afresh.
    worker_give_up_s: float = 300.0
    wait_cap_s: float = 30.0  # how long ?wait=true holds a request before answering 202
    # Idle workers and waiting requests look at the database this often; while
    # PostgreSQL's NOTIFY wakes them, only this often (a safety net).
    poll_s: float = 0.5
    notified_poll_s: float = 5.0
    max_queue: int = 1000  # queued submissions in all, then 503
    max_pending_per_key: int = 100  # queued or running per key, then 429
    # Per key (or per client address in open mode), shared by every API process.
    rate_per_s: float = 10.0
    rate_burst: int = 40
    max_batch: int = 20
    max_run_cases: int = 10
    max_body_kb: int = 2048
    # Webhooks (a submission's callback_url): off until the operator allows hosts or
    # networks, e.g. JUDGE_WEBHOOK_ALLOW='["hooks.example.com", "10.0.0.0/8"]'. The
    # body is signed with HMAC-SHA256 under webhook_secret (X-Pyjudge-Signature).
    webhook_allow: list[str] = Field(default_factory=list)
    webhook_secret: str = ""
    webhook_attempts: int = 8  # then the delivery is marked failed
    webhook_timeout_s: float = 5.0  # one attempt in all: connect, send, the answer's headers
    # After a failed attempt the delivery waits backoff_s, then twice that, and so on,
    # at most backoff_max_s; each process's deliverer looks for due ones every poll_s.
    webhook_backoff_s: float = 2.0
    webhook_backoff_max_s: float = 600.0
    webhook_poll_s: float = 1.0
