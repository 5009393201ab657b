"""per-test wall time, memory and time band; per-submission memory and slowest test

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Nullable columns only: SQLite adds them with ALTER TABLE ADD COLUMN, no table copy,
# and rows judged before this revision read back as null.
def upgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_time_ms", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("memory_kb", sa.Integer(), nullable=True))

    with op.batch_alter_table("test_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wall_ms", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("memory_kb", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("time_band", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("test_results", schema=None) as batch_op:
        batch_op.drop_column("time_band")
        batch_op.drop_column("memory_kb")
        batch_op.drop_column("wall_ms")

    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_column("memory_kb")
        batch_op.drop_column("max_time_ms")
