"""Indexes for the briefing's period aggregates: cases by receipt, escalation and supervision time,
clocks by breach time, outbox events by type and time, open cases by deadline

Revision ID: 0005_briefing
Revises: 0004_sla_clocks
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_briefing"
down_revision = "0004_sla_clocks"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_cases_received_at", "cases", ["received_at"]),
    ("ix_cases_escalated_at", "cases", ["escalated_at"]),
    ("ix_cases_supervised_at", "cases", ["supervised_at"]),
    ("ix_sla_clocks_breached_at", "sla_clocks", ["breached_at"]),
    ("ix_outbox_type_created", "outbox", ["type", "created_at"]),
)


# open cases by deadline (the overdue list), small and ordered; the id makes it covering on PostgreSQL
OPEN = sa.text("status IN ('received', 'signed', 'dispatched', 'on_site', 'returned')")


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.create_index("ix_cases_open_deadline", "cases", ["next_deadline", "received_at", "id"],
                    postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade() -> None:
    op.drop_index("ix_cases_open_deadline", table_name="cases")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
