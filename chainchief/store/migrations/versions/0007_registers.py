"""registers of the plan: firm figures per quarter, cultivation library, visits, target origin

Firm figures feed the chains' 营业收入/税收 roll-up; the cultivation library and its visits let a
visit's demand become an action item; a target's province and city place it on the investment
map.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-07 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def _versioned() -> list[sa.Column]:
    now = sa.text("(CURRENT_TIMESTAMP)")
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "firm_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=8), nullable=False),
        sa.Column("revenue", sa.Float(), nullable=True),
        sa.Column("tax", sa.Float(), nullable=True),
        sa.Column("fixed_investment", sa.Float(), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["firm_id"],
            ["firms.id"],
            name=op.f("fk_firm_figures_firm_id_firms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firm_figures")),
        sa.UniqueConstraint("firm_id", "quarter", name=op.f("uq_firm_figures_firm_id")),
    )
    op.create_table(
        "cultivated_firms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_versioned(),
        sa.CheckConstraint(
            "tier IN ('chain_leader', 'key_firm', 'reserve_firm')",
            name=op.f("ck_cultivated_firms_tier_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["firm_id"],
            ["firms.id"],
            name=op.f("fk_cultivated_firms_firm_id_firms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["people.id"],
            name=op.f("fk_cultivated_firms_officer_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cultivated_firms")),
        sa.UniqueConstraint("firm_id", name=op.f("uq_cultivated_firms_firm_id")),
    )
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("demand", sa.Text(), nullable=True),
        sa.Column("escalate", sa.Boolean(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action_items.id"],
            name=op.f("fk_visits_action_id_action_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["firm_id"], ["firms.id"], name=op.f("fk_visits_firm_id_firms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_firm_id"), ["firm_id"], unique=False)
    op.create_table(
        "visit_visitors",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_visit_visitors_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_visit_visitors_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("visit_id", "person_id", name=op.f("pk_visit_visitors")),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("province", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("city", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_column("city")
        batch_op.drop_column("province")
    op.drop_table("visit_visitors")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_firm_id"))
    op.drop_table("visits")
    op.drop_table("cultivated_firms")
    op.drop_table("firm_figures")
