"""落地 → 区内企业: a target firm that landed becomes a local firm serving its segment.

Moving a target to 落地 used to leave its segment red with no local firm, and retyping the
firm under 挂接企业 made a second record. ``land_target_as_firm`` does the whole step in one
transaction: the target moves to 落地 (its history records it), the firm is the existing one
with the same USCC or name (moved into the zone if it was outside) or a new local firm from the
target's data, and it serves the segment as 配套 unless it already does. Every part is audited.
``undo_landing`` takes exactly that back, so the UI can offer the step as one undo.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.enums import Location, Role, Stage
from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.firms.ledger import FIRM_FIELDS, _refuse_taken_uscc, firm_label
from chainchief.services.firms.memberships import MEMBERSHIP_FIELDS
from chainchief.services.firms.memberships import _key as membership_key
from chainchief.services.firms.targets import TARGET_FIELDS, _key, _record_stage, _target
from chainchief.services.kernel import row_steps as editing_rows
from chainchief.services.kernel.edits import ACTOR, FieldChange, RowRef, apply_values, writing
from chainchief.services.kernel.removals import take_away
from chainchief.store.db import Database
from chainchief.store.models import Firm, Membership, Segment, Target, table_of


@dataclass(frozen=True)
class Landing:
    """What ``land_target_as_firm`` did, as ``undo_landing`` needs it."""

    target: FieldChange
    """The target's stage change (empty when it was already 落地)."""
    firm_id: int
    firm_name: str
    created_firm: RowRef | None
    """The new firm, when none existed."""
    firm_change: FieldChange | None
    """An existing firm moved into the zone."""
    membership: RowRef | None
    """The new 配套 membership, when the firm did not serve the segment yet."""


def land_target_as_firm(
    db: Database,
    target_id: int,
    *,
    actor: str,
    expected_version: int | None,
    uscc: str | None = None,
    role: Role = Role.SUPPORTING,
) -> Landing:
    """Move the target to 落地 and attach its firm to the segment as a local firm."""
    with writing(db, actor) as session:
        target, segment = _target(session, target_id, expected_version)
        require(session, actor, Permission.EDIT_WORK, [segment.chain_id])
        key = _key(session, segment, target.firm_name)
        before, after = apply_values(session, target, TARGET_FIELDS, {"stage": Stage.LANDED})
        if after:
            _record_stage(session, target_id, before["stage"], after["stage"], actor)
        stage = editing_rows.log_changed(session, target, before, after, "target", key)
        firm, created, moved = _local_firm(session, target, uscc)
        membership = _serve(session, firm, segment, role)
        return Landing(stage, firm.id, firm.name, created, moved, membership)


def _local_firm(
    session: Session, target: Target, uscc: str | None
) -> tuple[Firm, RowRef | None, FieldChange | None]:
    """The firm the target became: found by USCC, else by name, else created in the zone."""
    found = None
    if uscc:
        found = session.scalar(select(Firm).where(Firm.uscc == uscc))
    if found is None:
        found = session.scalar(
            select(Firm).where(Firm.name == target.firm_name).order_by(Firm.id).limit(1)
        )
    if found is None:
        firm = Firm(updated_by=session.info[ACTOR])
        values = {"name": target.firm_name, "location": Location.IN_ZONE.value, "uscc": uscc}
        after = editing_rows.fill_new(session, firm, FIRM_FIELDS, values)
        _refuse_taken_uscc(session, firm.uscc, None)
        created = editing_rows.store_created(session, firm, after, "firm", firm_label(firm))
        return firm, created, None
    changes: dict[str, object] = {"location": Location.IN_ZONE.value}
    if uscc and not found.uscc:
        changes["uscc"] = uscc
    key = firm_label(found)
    before, after = apply_values(session, found, FIRM_FIELDS, changes)
    if not after:
        return found, None, None
    return found, None, editing_rows.log_changed(session, found, before, after, "firm", key)


def _serve(session: Session, firm: Firm, segment: Segment, role: Role) -> RowRef | None:
    where = (Membership.firm_id == firm.id, Membership.segment_id == segment.id)
    if editing_rows.taken(session, Membership, None, *where):
        return None
    membership = Membership(firm_id=firm.id, segment_id=segment.id, updated_by=session.info[ACTOR])
    after = editing_rows.fill_new(session, membership, MEMBERSHIP_FIELDS, {"role": role.value})
    key = membership_key(session, firm.id, segment)
    return editing_rows.store_created(session, membership, after, "membership", key)


def undo_landing(db: Database, landing: Landing, *, actor: str) -> None:
    """Take back what ``land_target_as_firm`` did, in one transaction, audited."""
    with writing(db, actor) as session:
        if landing.membership is not None:
            membership, segment = editing_rows.in_segment(
                session, Membership, landing.membership.id, landing.membership.version,
                _("The firm no longer serves this segment."),
            )  # fmt: skip
            take_away(session, table_of(Membership), membership.id, entity="membership",
                      key=membership_key(session, membership.firm_id, segment), actor=actor,
                      permission=Permission.EDIT_WORK, chain_ids=(segment.chain_id,))  # fmt: skip
        if landing.created_firm is not None:
            _remove_created_firm(session, landing.created_firm, actor)
        elif landing.firm_change is not None:
            firm = editing_rows.locked_row(
                session, Firm, landing.firm_id, landing.firm_change.version,
                _("The firm no longer exists."),
            )  # fmt: skip
            key = firm_label(firm)
            before, after = apply_values(session, firm, FIRM_FIELDS, landing.firm_change.before)
            editing_rows.log_changed(session, firm, before, after, "firm", key)
        if landing.target.before:
            target, segment = _target(session, landing.target.id, landing.target.version)
            require(session, actor, Permission.EDIT_WORK, [segment.chain_id])
            key = _key(session, segment, target.firm_name)
            before, after = apply_values(session, target, TARGET_FIELDS, landing.target.before)
            if after:
                _record_stage(session, target.id, before["stage"], after["stage"], actor)
            editing_rows.log_changed(session, target, before, after, "target", key)


def _remove_created_firm(session: Session, created: RowRef, actor: str) -> None:
    """Delete the firm the landing created, unless it has come to serve segments since."""
    firm = editing_rows.locked_row(
        session, Firm, created.id, created.version, _("The firm no longer exists.")
    )
    if session.scalar(select(Membership.id).where(Membership.firm_id == firm.id).limit(1)):
        raise RuleViolation(
            _("{firm} serves other segments by now; detach it there first.").format(firm=firm.name)
        )
    take_away(session, table_of(Firm), firm.id, entity="firm", key=firm_label(firm),
              actor=actor, permission=Permission.EDIT_WORK, chain_ids=())  # fmt: skip
