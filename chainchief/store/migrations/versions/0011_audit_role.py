"""the server role behind each audit entry

On a secured PostgreSQL server (``chainchief server setup``) the audit log is written by
triggers, which record the login role of the session that made the change — an application
user's role, or whoever edited the table directly. The application's own entries (SQLite, or a
server that is not secured) leave it empty.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-08 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("role", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("role")
