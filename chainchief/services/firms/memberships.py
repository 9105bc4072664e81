"""Which firms serve a segment, in which role: attach, change the role, detach.

A membership is a firm's work in one segment, so it is EDIT_WORK on the segment's chain. The
gap analysis counts in-zone members, which is how attaching a local firm turns a red card amber.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.enums import Location, Role
from chainchief.domain.errors import RuleViolation
from chainchief.exchange.parsers import parse_enum
from chainchief.i18n import N_, _
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.kernel import row_steps
from chainchief.services.kernel.edits import (
    Field,
    FieldChange,
    RowRef,
    apply_values,
    long_text,
    plain,
    writing,
)
from chainchief.services.kernel.removals import Removal, take_away
from chainchief.store.db import Database
from chainchief.store.models import Chain, Firm, Membership, Segment, table_of

MEMBERSHIP_FIELDS: dict[str, Field] = {
    "role": plain("role", N_("Role"), lambda value: parse_enum(Role, value), required=True),
    "product": plain("product", N_("Main products"), long_text),
}


@dataclass(frozen=True)
class MembershipRow:
    """A firm serving the segment, with what detaching or editing it needs."""

    id: int
    version: int
    firm_id: int
    firm: str
    location: Location
    role: Role
    product: str | None


def segment_memberships(db: Database, segment_id: int) -> list[MembershipRow]:
    """The firms serving a segment, by name."""
    with db.transaction() as session:
        rows = session.execute(
            select(
                Membership.id,
                Membership.version,
                Firm.id,
                Firm.name,
                Firm.location,
                Membership.role,
                Membership.product,
            )
            .join(Firm, Firm.id == Membership.firm_id)
            .where(Membership.segment_id == segment_id)
            .order_by(Firm.name, Firm.id)
        ).all()
    return [
        MembershipRow(mid, version, fid, name, Location(location), Role(role), product)
        for mid, version, fid, name, location, role, product in rows
    ]


def _key(session: Session, firm_id: int, segment: Segment) -> str:
    chain = session.get(Chain, segment.chain_id)
    firm = session.get(Firm, firm_id)
    return f"{firm.name if firm else firm_id}@{chain.name if chain else ''}/{segment.name}"


def attach_firm(
    db: Database, firm_id: int, segment_id: int, values: Mapping[str, Any], *, actor: str
) -> RowRef:
    """The firm serves the segment in ``values["role"]`` (with an optional product)."""
    with writing(db, actor) as session:
        segment = row_steps.existing(
            session, Segment, segment_id, _("The segment no longer exists.")
        )
        firm = row_steps.existing(session, Firm, firm_id, _("The firm no longer exists."))
        require(session, actor, Permission.EDIT_WORK, [segment.chain_id])
        where = (Membership.firm_id == firm_id, Membership.segment_id == segment_id)
        if row_steps.taken(session, Membership, None, *where):
            raise RuleViolation(
                _("{firm} already serves {segment}.").format(firm=firm.name, segment=segment.name)
            )
        membership = Membership(firm_id=firm_id, segment_id=segment_id, updated_by=actor)
        after = row_steps.fill_new(session, membership, MEMBERSHIP_FIELDS, values)
        key = _key(session, firm_id, segment)
        return row_steps.store_created(session, membership, after, "membership", key)


def _membership(
    session: Session, membership_id: int, expected_version: int | None
) -> tuple[Membership, Segment]:
    missing = _("The firm no longer serves this segment.")
    return row_steps.in_segment(session, Membership, membership_id, expected_version, missing)


def update_membership(
    db: Database,
    membership_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    """Change the firm's role in the segment or its main products."""
    with writing(db, actor) as session:
        membership, segment = _membership(session, membership_id, expected_version)
        require(session, actor, Permission.EDIT_WORK, [segment.chain_id])
        before, after = apply_values(session, membership, MEMBERSHIP_FIELDS, values)
        key = _key(session, membership.firm_id, segment)
        return row_steps.log_changed(session, membership, before, after, "membership", key)


def detach_firm(
    db: Database, membership_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """The firm no longer serves the segment (the firm itself stays)."""
    with writing(db, actor) as session:
        membership, segment = _membership(session, membership_id, expected_version)
        return take_away(
            session,
            table_of(Membership),
            membership_id,
            entity="membership",
            key=_key(session, membership.firm_id, segment),
            actor=actor,
            permission=Permission.EDIT_WORK,
            chain_ids=(segment.chain_id,),
        )
