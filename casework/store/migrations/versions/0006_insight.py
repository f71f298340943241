"""Insight: category source and confidence, risk code, repeat link and entity on cases; early warnings

Revision ID: 0006_insight
Revises: 0005_briefing
"""
import sqlalchemy as sa
from alembic import op

import casework.models

revision = "0006_insight"
down_revision = "0005_briefing"
branch_labels = None
depends_on = None

UTC = casework.models.UtcDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("category_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("category_source", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("risk_score", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("risk_level", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("risk_reasons", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("related_case_id", sa.String(length=26), nullable=True))
        batch.add_column(sa.Column("relation", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("relation_score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("relation_reasons", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("entity", sa.String(length=64), nullable=True))
    op.create_index("ix_cases_phone_received", "cases", ["reporter_phone", "received_at"])
    op.create_index("ix_cases_village_received", "cases", ["village_code", "received_at"])
    op.create_index("ix_cases_entity", "cases", ["entity"])
    op.create_table(
        "early_warnings",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("township_code", sa.String(length=12), nullable=True),
        sa.Column("entity", sa.String(length=64), nullable=True),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("window_start", UTC, nullable=False),
        sa.Column("window_end", UTC, nullable=False),
        sa.Column("observed", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("p_value", sa.Float(), nullable=False),
        sa.Column("complainants", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.JSON(), nullable=False),
        sa.Column("case_ids", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("raised_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_early_warnings_key_raised", "early_warnings", ["key", "raised_at"])
    op.create_index("ix_early_warnings_raised_at", "early_warnings", ["raised_at"])


def downgrade() -> None:
    op.drop_index("ix_early_warnings_raised_at", table_name="early_warnings")
    op.drop_index("ix_early_warnings_key_raised", table_name="early_warnings")
    op.drop_table("early_warnings")
    op.drop_index("ix_cases_entity", table_name="cases")
    op.drop_index("ix_cases_village_received", table_name="cases")
    op.drop_index("ix_cases_phone_received", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        for column in ("entity", "relation_reasons", "relation_score", "relation", "related_case_id",
                       "risk_reasons", "risk_level", "risk_score", "category_source", "category_confidence"):
            batch.drop_column(column)
