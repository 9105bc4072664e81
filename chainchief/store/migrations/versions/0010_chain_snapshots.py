"""chain snapshots: each chain's state at a meeting, a quarter's close or on demand

A chief's first question at a dispatch meeting is what has changed since the last one; the
database kept only the present. A snapshot is one compact JSON document per chain, taken when
a dispatch meeting is marked held, by the first write after a quarter ends, or on demand.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("quarter", sa.String(length=8), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "reason IN ('manual', 'meeting', 'quarter_close')",
            name=op.f("ck_chain_snapshots_reason_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chains.id"],
            name=op.f("fk_chain_snapshots_chain_id_chains"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_chain_snapshots_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_snapshots")),
    )
    op.create_index(
        op.f("ix_chain_snapshots_chain_id"), "chain_snapshots", ["chain_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_chain_snapshots_chain_id"), table_name="chain_snapshots")
    op.drop_table("chain_snapshots")
