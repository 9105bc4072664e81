"""project progress dates, 达产, 需协调问题; 需链长协调 on action items

The meeting pack's 重点项目推进表 shows when each project was planned to start and produce and
when it did, and what the chief must help settle; its 需链长协调事项 gathers the action items
flagged for the chief. Existing projects keep their stage; existing items are not flagged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_STAGES = "stage IN ('signed', 'building', 'producing')"
NEW_STAGES = "stage IN ('signed', 'building', 'producing', 'at_capacity')"
DATES = ("planned_start", "actual_start", "planned_production", "actual_production")


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        for name in DATES:
            batch.add_column(sa.Column(name, sa.Date(), nullable=True))
        batch.add_column(sa.Column("issue", sa.Text(), nullable=True))
        batch.drop_constraint(op.f("ck_projects_stage_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_projects_stage_valid"), NEW_STAGES)
    with op.batch_alter_table("action_items") as batch:
        batch.add_column(
            sa.Column("needs_chief", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("action_items") as batch:
        batch.drop_column("needs_chief")
    op.execute("UPDATE projects SET stage = 'producing' WHERE stage = 'at_capacity'")
    with op.batch_alter_table("projects") as batch:
        batch.drop_constraint(op.f("ck_projects_stage_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_projects_stage_valid"), OLD_STAGES)
        batch.drop_column("issue")
        for name in reversed(DATES):
            batch.drop_column(name)
