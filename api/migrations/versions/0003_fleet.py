"""64-bit keys, the workers table, verdict counters, rate buckets, pending-count index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite's INTEGER PRIMARY KEY is 64-bit already; altering it there would copy
    # the table for nothing.
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("submissions", "seq", type_=sa.BigInteger())
        op.alter_column("test_results", "id", type_=sa.BigInteger())
        op.alter_column("test_results", "submission_seq", type_=sa.BigInteger())
        op.execute("ALTER SEQUENCE IF EXISTS submissions_seq_seq AS BIGINT")
        op.execute("ALTER SEQUENCE IF EXISTS test_results_id_seq AS BIGINT")

    op.create_index("ix_submissions_pending", "submissions", ["owner_key_id", "status"])
    op.create_table(
        "workers",
        sa.Column("name", sa.String(length=160), primary_key=True),
        sa.Column("host", sa.String(length=128), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("threads", sa.Integer(), nullable=False),
        sa.Column("judge_version", sa.String(length=32), nullable=False),
        sa.Column("runner_image", sa.String(length=128), nullable=False),
        sa.Column("library_hash", sa.String(length=64), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("heartbeat_at", sa.Float(), nullable=False),
        sa.Column("stopped_at", sa.Float(), nullable=True),
        sa.Column("current", sa.JSON(), nullable=True),
        sa.Column("judged", sa.BigInteger(), nullable=False),
        sa.Column("released", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
    )
    counts = op.create_table(
        "verdict_counts",
        sa.Column("verdict", sa.String(length=32), primary_key=True),
        sa.Column("count", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "rate_buckets",
        sa.Column("bucket", sa.String(length=160), primary_key=True),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
    )
    # Results stored before this revision count too.
    submissions = sa.table("submissions", sa.column("status"), sa.column("verdict"))
    verdict = sa.func.coalesce(submissions.c.verdict, "none")
    op.execute(
        counts.insert().from_select(
            ["verdict", "count"],
            sa.select(verdict, sa.func.count())
            .where(submissions.c.status == "done")
            .group_by(verdict),
        )
    )


def downgrade() -> None:
    op.drop_table("rate_buckets")
    op.drop_table("verdict_counts")
    op.drop_table("workers")
    op.drop_index("ix_submissions_pending", table_name="submissions")
