"""console: officers' saved queue views

Revision ID: 0009_console
Revises: 0008_wall
"""
import sqlalchemy as sa
from alembic import op

import casework.models

revision = "0009_console"
down_revision = "0008_wall"
branch_labels = None
depends_on = None

UTC = casework.models.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("sort", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username", "name", name="uq_saved_view_user_name"),
    )
    op.create_index("ix_saved_views_username", "saved_views", ["username"])


def downgrade() -> None:
    op.drop_index("ix_saved_views_username", table_name="saved_views")
    op.drop_table("saved_views")
