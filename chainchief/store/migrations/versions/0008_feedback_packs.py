"""department fill-in packs: the database's identity and key, packs sent, files merged

The departments' fill-in workbooks (督办反馈表) carry the database's id and an HMAC keyed by a
secret kept only here, so a tampered file or one from another database is recognised. Each pack
written is registered (its quarter decides which round a returned file belongs to), and each
merged file is registered by its checksum so the same file merged twice changes nothing.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("database_id", sa.String(length=36), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_keys")),
    )
    op.create_table(
        "feedback_packs",
        sa.Column("pack_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("quarter", sa.String(length=8), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("written_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("pack_id", name=op.f("pk_feedback_packs")),
    )
    op.create_table(
        "feedback_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("pack_id", sa.String(length=36), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_merges")),
        sa.UniqueConstraint("checksum", name=op.f("uq_feedback_merges_checksum")),
    )


def downgrade() -> None:
    op.drop_table("feedback_merges")
    op.drop_table("feedback_packs")
    op.drop_table("feedback_keys")
