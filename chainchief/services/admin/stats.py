"""Row counts of the main entities (``chainchief stats``)."""

from __future__ import annotations

from sqlalchemy import func, select

from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    Base,
    Chain,
    Department,
    Firm,
    Indicator,
    Link,
    Meeting,
    Membership,
    Person,
    Project,
    Segment,
    Target,
)

COUNTED: dict[str, type[Base]] = {
    "chains": Chain,
    "segments": Segment,
    "links": Link,
    "firms": Firm,
    "memberships": Membership,
    "targets": Target,
    "projects": Project,
    "people": Person,
    "departments": Department,
    "indicators": Indicator,
    "meetings": Meeting,
    "actions": ActionItem,
}


def row_counts(db: Database) -> dict[str, int]:
    """The counts of DESIGN.md §3 ``stats --json``, in that key order."""
    with db.transaction() as session:
        return {
            key: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for key, model in COUNTED.items()
        }


def is_empty(db: Database) -> bool:
    return not any(row_counts(db).values())
