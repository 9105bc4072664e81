"""The audit log: every service that changes data records who, when, what and how."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from chainchief.domain.clock import now
from chainchief.store.models import AuditEntry


def record(
    session: Session,
    *,
    user: str,
    action: str,
    entity: str,
    key: str,
    changes: dict[str, Any] | None = None,
) -> None:
    """Add one audit row inside the caller's transaction, so it commits or vanishes with it."""
    session.execute(
        insert(AuditEntry).values(
            at=now(), user=user, action=action, entity=entity, key=key, changes=changes or {}
        )
    )
