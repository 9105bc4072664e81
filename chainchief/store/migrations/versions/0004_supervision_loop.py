"""supervision loop: six statuses, step history, extensions, issued documents

Action items move from the four first statuses to the supervision loop of DESIGN.md §6
(未开始/open → assigned, 推进中 → in_progress, 已完成 → done, 已取消 → cancelled); they keep
their original deadline once extended; their steps and extension requests are recorded; and
the official documents issued are registered so their numbers count up per year.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD = ("open", "in_progress", "done", "cancelled")
NEW = ("assigned", "acknowledged", "in_progress", "reported", "done", "cancelled")
STEPS = (
    "acknowledge",
    "report_progress",
    "request_completion",
    "verify",
    "return",
    "request_extension",
    "approve_extension",
    "refuse_extension",
    "cancel",
)
DECISIONS = ("pending", "approved", "refused")
CHECK = "ck_action_items_status_valid"


def _in(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{value}'" for value in values))


def _rewrite_statuses(values: tuple[str, ...], mapping: dict[str, str]) -> None:
    with op.batch_alter_table("action_items") as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
    for old, new in mapping.items():
        op.execute(
            sa.text("UPDATE action_items SET status = :new WHERE status = :old").bindparams(
                new=new, old=old
            )
        )
    with op.batch_alter_table("action_items") as batch:
        batch.create_check_constraint("status_valid", _in("status", values))


def upgrade() -> None:
    _rewrite_statuses(NEW, {"open": "assigned"})
    with op.batch_alter_table("action_items") as batch:
        batch.add_column(sa.Column("original_due", sa.Date(), nullable=True))
    op.create_table(
        "action_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(_in("step", STEPS), name=op.f("ck_action_steps_step_valid")),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action_items.id"],
            name=op.f("fk_action_steps_action_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_steps")),
    )
    op.create_index(op.f("ix_action_steps_action_id"), "action_steps", ["action_id"])
    op.create_table(
        "action_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=True),
        sa.Column("old_due", sa.Date(), nullable=True),
        sa.Column("new_due", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            _in("decision", DECISIONS), name=op.f("ck_action_extensions_decision_valid")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action_items.id"],
            name=op.f("fk_action_extensions_action_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_extensions")),
    )
    op.create_index(op.f("ix_action_extensions_action_id"), "action_extensions", ["action_id"])
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_issued_documents_year")),
    )


def downgrade() -> None:
    op.drop_table("issued_documents")
    op.drop_index(op.f("ix_action_extensions_action_id"), table_name="action_extensions")
    op.drop_table("action_extensions")
    op.drop_index(op.f("ix_action_steps_action_id"), table_name="action_steps")
    op.drop_table("action_steps")
    with op.batch_alter_table("action_items") as batch:
        batch.drop_column("original_due")
    _rewrite_statuses(OLD, {"assigned": "open", "acknowledged": "open", "reported": "in_progress"})
