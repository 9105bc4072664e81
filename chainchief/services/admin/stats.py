"""Row counts of the main entities (``chainchief stats``).

The tables are named rather than reached through the ORM models: mapping the models costs a
command some 0.1 s of start-up, and counting rows needs nothing of them but the table's name
(a test keeps these names equal to the models').
"""

from __future__ import annotations

from sqlalchemy import func, select, table

from chainchief.store.db import Database

COUNTED: dict[str, str] = {
    "chains": "chains",
    "segments": "segments",
    "links": "links",
    "firms": "firms",
    "memberships": "memberships",
    "targets": "targets",
    "projects": "projects",
    "people": "people",
    "departments": "departments",
    "indicators": "indicators",
    "meetings": "meetings",
    "actions": "action_items",
}
"""The key of ``stats --json`` (DESIGN.md §3) and the table it counts."""


def row_counts(db: Database) -> dict[str, int]:
    """The counts of DESIGN.md §3 ``stats --json``, in that key order."""
    with db.reading() as connection:
        return {
            key: int(connection.scalar(select(func.count()).select_from(table(name))) or 0)
            for key, name in COUNTED.items()
        }


def is_empty(db: Database) -> bool:
    return not any(row_counts(db).values())
