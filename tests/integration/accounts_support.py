"""An office on the demo city: one user per role, a lead and a member on 新能源汽车.

Accounts are written straight into the tables with one password hash made once per run, so a
test pays for scrypt only where it tests scrypt.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from chainchief.domain.enums import MeetingKind, MeetingStatus, UserRole
from chainchief.services.admin.users import hash_password
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    AuditEntry,
    Chain,
    Meeting,
    Segment,
    User,
    UserChain,
)

PASSWORD = "correct horse battery"
OWN = "新能源汽车"
OTHER = "人工智能"
ROLES = {
    "admin": (UserRole.ADMIN, ()),
    "lead": (UserRole.LEAD, (OWN,)),
    "member": (UserRole.MEMBER, (OWN,)),
    "viewer": (UserRole.VIEWER, ()),
}


@functools.cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def add_accounts(db: Database, accounts: dict[str, tuple[UserRole, tuple[str, ...]]]) -> None:
    with db.transaction() as session:
        chain_ids = {name: cid for name, cid in session.execute(select(Chain.name, Chain.id))}
        for name, (role, chains) in accounts.items():
            user_id = session.execute(
                insert(User).values(name=name, role=role.value, password_hash=password_hash())
            ).inserted_primary_key[0]
            for chain in chains:
                session.execute(
                    insert(UserChain).values(user_id=user_id, chain_id=chain_ids[chain])
                )


@dataclass(frozen=True)
class Office:
    """The demo city with accounts, and the ids the permission tests change."""

    db: Database
    own_chain: int
    other_chain: int
    own_action: int
    own_segment: int
    other_segment: int
    own_meeting: int
    team_leads_meeting: int


def open_office(db: Database) -> Office:
    add_accounts(db, ROLES)
    with db.transaction() as session:
        own, other = (
            session.scalar(select(Chain.id).where(Chain.name == name)) for name in (OWN, OTHER)
        )
        meetings = [
            session.execute(
                insert(Meeting).values(
                    kind=kind.value,
                    chain_id=chain,
                    quarter="2027Q2",
                    date=dt.date(2027, 5, 12),
                    start="09:00",
                    end="11:30",
                    status=MeetingStatus.PLANNED.value,
                )
            ).inserted_primary_key[0]
            for kind, chain in ((MeetingKind.DISPATCH, own), (MeetingKind.TEAM_LEADS, None))
        ]
        return Office(
            db=db,
            own_chain=own,
            other_chain=other,
            own_action=session.scalar(
                select(func.min(ActionItem.id)).where(ActionItem.chain_id == own)
            ),
            own_segment=session.scalar(select(func.min(Segment.id)).where(Segment.chain_id == own)),
            other_segment=session.scalar(
                select(func.min(Segment.id)).where(Segment.chain_id == other)
            ),
            own_meeting=meetings[0],
            team_leads_meeting=meetings[1],
        )


def audit_count(db: Database) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
