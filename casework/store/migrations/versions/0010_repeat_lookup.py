"""repeat lookup: a township's most recent cases, and its cases near a point, without a sort of them all

Revision ID: 0010_repeat_lookup
Revises: 0009_console
"""
from alembic import op

revision = "0010_repeat_lookup"
down_revision = "0009_console"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_township_received", "cases", ["township_code", "received_at"])
    op.create_index("ix_cases_township_lon", "cases", ["township_code", "lon"])


def downgrade() -> None:
    op.drop_index("ix_cases_township_lon", table_name="cases")
    op.drop_index("ix_cases_township_received", table_name="cases")
