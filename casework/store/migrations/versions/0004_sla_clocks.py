"""SLA clocks: one row per clock of a case; the case's next deadline, denormalised

Revision ID: 0004_sla_clocks
Revises: 0003_case_marks
"""
import sqlalchemy as sa
from alembic import op

import casework.models

revision = "0004_sla_clocks"
down_revision = "0003_case_marks"
branch_labels = None
depends_on = None

UTC = casework.models.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sla_clocks",
        sa.Column("id", sa.String(length=48), nullable=False),
        sa.Column("case_id", sa.String(length=26), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("policy", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("running_since", UTC, nullable=True),
        sa.Column("paused_at", UTC, nullable=True),
        sa.Column("consumed_seconds", sa.Float(), nullable=False),
        sa.Column("paused_seconds", sa.Float(), nullable=False),
        sa.Column("deadline", UTC, nullable=True),
        sa.Column("warn_at", UTC, nullable=True),
        sa.Column("due_at", UTC, nullable=True),
        sa.Column("warned_at", UTC, nullable=True),
        sa.Column("breached_at", UTC, nullable=True),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("escalation_anchor", UTC, nullable=True),
        sa.Column("stopped_at", UTC, nullable=True),
        sa.Column("stop_reason", sa.String(length=16), nullable=True),
        sa.Column("fence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "kind", "attempt", name="uq_sla_clock_case_kind_attempt"),
    )
    op.create_index("ix_sla_clocks_case_id", "sla_clocks", ["case_id"])
    op.create_index("ix_sla_clocks_state_due", "sla_clocks", ["state", "due_at"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("next_deadline", UTC, nullable=True))
        batch.add_column(sa.Column("next_warn_at", UTC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("next_warn_at")
        batch.drop_column("next_deadline")
    op.drop_index("ix_sla_clocks_state_due", table_name="sla_clocks")
    op.drop_index("ix_sla_clocks_case_id", table_name="sla_clocks")
    op.drop_table("sla_clocks")
