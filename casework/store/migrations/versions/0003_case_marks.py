"""case marks: contact, escalation, supervision, visit-back

Revision ID: 0003_case_marks
Revises: 0002_alarms
"""
import sqlalchemy as sa
from alembic import op

import casework.models

revision = "0003_case_marks"
down_revision = "0002_alarms"
branch_labels = None
depends_on = None

UTC = casework.models.UtcDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("contacted_at", UTC, nullable=True))
        batch.add_column(sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("escalated_at", UTC, nullable=True))
        batch.add_column(sa.Column("supervised_at", UTC, nullable=True))
        batch.add_column(sa.Column("supervise_deadline", UTC, nullable=True))
        batch.add_column(sa.Column("leader", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("visited_at", UTC, nullable=True))
        batch.add_column(sa.Column("satisfaction", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("complaint", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        for column in ("complaint", "satisfaction", "visited_at", "leader", "supervise_deadline",
                       "supervised_at", "escalated_at", "escalation_level", "contacted_at"):
            batch.drop_column(column)
