"""problem versions' metadata, admin keys, rejudges and earlier judgements, queue
priority, complexity estimates

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns: SQLite adds them without copying the table.
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("admin", sa.Boolean(), nullable=True))
    with op.batch_alter_table("problem_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tests", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("limits", sa.JSON(), nullable=True))
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rejudge_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("complexity_wanted", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("complexity", sa.JSON(), nullable=True))
    # Waiting submissions of before get the new ones' priority (claims order by it).
    op.execute("UPDATE submissions SET priority = 0 WHERE status <> 'done'")
    op.create_index("ix_submissions_queue", "submissions", ["status", "priority", "seq"])
    op.create_index("ix_submissions_problem", "submissions", ["problem_id", "status"])
    op.create_table(
        "rejudges",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("problem_id", sa.String(length=64), nullable=False),
        sa.Column("problem_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("queued", sa.Integer(), nullable=False),
    )
    big_key = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "judgements",
        sa.Column("id", big_key, primary_key=True),
        sa.Column(
            "submission_seq", sa.BigInteger(), sa.ForeignKey("submissions.seq"), nullable=False
        ),
        sa.Column("replaced_by", sa.Integer(), sa.ForeignKey("rejudges.id"), nullable=False),
        sa.Column("problem_hash", sa.String(length=64), nullable=False),
        sa.Column("verdict", sa.String(length=32), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("time_ms", sa.Float(), nullable=True),
        sa.Column("max_time_ms", sa.Float(), nullable=True),
        sa.Column("memory_kb", sa.Integer(), nullable=True),
        sa.Column("wall_ms", sa.Float(), nullable=True),
        sa.Column("provenance", sa.JSON(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejudge_id", sa.Integer(), nullable=True),
        sa.Column("tests", sa.JSON(), nullable=False),
    )
    op.create_index("ix_judgements_submission", "judgements", ["submission_seq", "id"])
    op.create_index("ix_judgements_rejudge", "judgements", ["replaced_by"])


def downgrade() -> None:
    op.drop_index("ix_judgements_rejudge", table_name="judgements")
    op.drop_index("ix_judgements_submission", table_name="judgements")
    op.drop_table("judgements")
    op.drop_table("rejudges")
    op.drop_index("ix_submissions_problem", table_name="submissions")
    op.drop_index("ix_submissions_queue", table_name="submissions")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_column("complexity")
        batch_op.drop_column("complexity_wanted")
        batch_op.drop_column("rejudge_id")
        batch_op.drop_column("priority")
    with op.batch_alter_table("problem_versions", schema=None) as batch_op:
        batch_op.drop_column("limits")
        batch_op.drop_column("tests")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("admin")
