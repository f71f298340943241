"""The wall's replay and early-warning panel read the event log by time and by type

Revision ID: 0008_wall
Revises: 0006_insight
"""
from alembic import op

revision = "0008_wall"
down_revision = "0006_insight"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_created_at", "outbox", ["created_at"])
    op.create_index("ix_outbox_type_seq", "outbox", ["type", "seq"])


def downgrade() -> None:
    op.drop_index("ix_outbox_type_seq", table_name="outbox")
    op.drop_index("ix_outbox_created_at", table_name="outbox")
