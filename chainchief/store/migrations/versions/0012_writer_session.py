"""the edit session that wrote each versioned row last (issue 18)

A stale edit is a conflict only when another edit session wrote the row since: another person,
or the same login in a second window or on a second PC. Rows written before this revision have
no session, so any older version of them still conflicts.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 00:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

VERSIONED = (
    "departments",
    "people",
    "chains",
    "segments",
    "firms",
    "memberships",
    "targets",
    "projects",
    "indicators",
    "meetings",
    "action_items",
    "firm_figures",
    "cultivated_firms",
    "visits",
    "users",
)


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("updated_session", sa.String(length=32), nullable=True))


def downgrade() -> None:
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_session")
