"""index firms by location

Every map, analysis and the navigator count each segment's local (in-zone) firms; with the
index SQLite answers that from the index alone instead of reading every firm row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 18:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_firms_location"), "firms", ["location"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_firms_location"), table_name="firms")
