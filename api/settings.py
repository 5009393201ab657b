"""Service settings, from ``JUDGE_*`` environment variables (on top of the judge's own)."""

from __future__ import annotations

import os
from pathlib import Path

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
    wait_cap_s: float = 30.0  # how long ?wait=true holds a request before answering 202
    max_queue: int = 1000  # queued submissions in all, then 503
    max_pending_per_key: int = 100  # queued or running per key, then 429
    rate_per_s: float = 10.0  # per key (or per client address in open mode)
    rate_burst: int = 40
    max_batch: int = 20
    max_run_cases: int = 10
    max_body_kb: int = 2048
