"""The worker fleet as the database knows it: who is judging, from which library and
image, and whether any of them is alive (heartbeats on the database's clock)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.db import db_now
from api.models import WorkerRow

# A worker that has not reported for this long counts as gone.
LIVE_WITHIN_S = 30.0


def live_count(sessions: sessionmaker[Session], within_s: float = LIVE_WITHIN_S) -> int:
    """Workers (processes) that reported within ``within_s`` and have not stopped."""
    with sessions() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(WorkerRow)
                .where(
                    WorkerRow.stopped_at.is_(None),
                    WorkerRow.heartbeat_at > db_now() - within_s,
                )
            )
            or 0
        )
