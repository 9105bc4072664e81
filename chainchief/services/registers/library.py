"""Editing the cultivation library (龙头企业培育库) and its visits in the app, not only by import.

An entry is a firm's place in the library: its echelon (梯队), service officer (服务专员), the
day it came in and a note; a visit has its day, what was discussed and the firm's demand (who
went, part of the visit's key, is kept as imported). Edits go through the same steps as every
other record's (version check, permission, audit entry), so the window's undo takes them back
like any other edit. A firm serving chains is the work of those chains' teams; one serving none
belongs to no team, so only admins and leads may change its entries (as for the firm itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.enums import CultivationTier
from chainchief.domain.errors import RuleViolation
from chainchief.exchange.parsers import parse_date, parse_enum
from chainchief.i18n import N_, _
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.kernel import row_steps
from chainchief.services.kernel.edits import (
    Field,
    FieldChange,
    RowRef,
    apply_values,
    long_text,
    person_field,
    plain,
    problem,
    writing,
)
from chainchief.services.kernel.removals import Removal, take_away
from chainchief.store.db import Database
from chainchief.store.models import (
    CultivatedFirm,
    Firm,
    Membership,
    Person,
    Segment,
    Visit,
    VisitVisitor,
    table_of,
)

ENTITY = "cultivated_firm"
VISIT_ENTITY = "visit"
LIBRARY_FIELDS: dict[str, Field] = {
    "tier": plain(
        "tier", N_("Echelon"), lambda value: parse_enum(CultivationTier, value), required=True
    ),
    "officer": person_field("officer_id", N_("Service officer")),
    "since": plain("since", N_("In the library since"), parse_date),
    "note": plain("note", N_("Note"), long_text),
}


VISIT_FIELDS: dict[str, Field] = {
    "day": plain("day", N_("Visit date"), parse_date, required=True),
    "content": plain("content", N_("Discussed"), long_text),
    "demand": plain("demand", N_("Demand"), long_text),
}


def library_problem(field: str, value: Any) -> str | None:
    return problem(LIBRARY_FIELDS, field, value)


def visit_problem(field: str, value: Any) -> str | None:
    return problem(VISIT_FIELDS, field, value)


def _chains_of(session: Session, firm_id: int) -> tuple[int, ...]:
    query = (
        select(Segment.chain_id)
        .join(Membership, Membership.segment_id == Segment.id)
        .where(Membership.firm_id == firm_id)
    )
    return tuple(sorted(set(session.scalars(query))))


def _allowed(session: Session, actor: str, firm_id: int) -> tuple[Permission, tuple[int, ...]]:
    chains = _chains_of(session, firm_id)
    permission = Permission.EDIT_WORK if chains else Permission.EDIT_CHAIN
    require(session, actor, permission, chains)
    return permission, chains


def _take_away(
    session: Session, model: Any, row_id: int, firm_id: int, entity: str, key: str, actor: str
) -> Removal:
    """Delete a row about ``firm_id`` (undoable by ``restore``), allowed as the firm's edits."""
    permission, chains = _allowed(session, actor, firm_id)
    return take_away(
        session,
        table_of(model),
        row_id,
        entity=entity,
        key=key,
        actor=actor,
        permission=permission,
        chain_ids=chains,
    )


def _firm_name(session: Session, firm_id: int) -> str:
    return row_steps.existing(session, Firm, firm_id, _("The firm no longer exists.")).name


def add_to_library(db: Database, firm_id: int, values: Mapping[str, Any], *, actor: str) -> RowRef:
    """Put a firm in the library, as 后备 unless ``values`` says otherwise; once per firm."""
    given = {"tier": CultivationTier.RESERVE.value} | dict(values)
    with writing(db, actor) as session:
        name = _firm_name(session, firm_id)
        _allowed(session, actor, firm_id)
        if row_steps.taken(session, CultivatedFirm, None, CultivatedFirm.firm_id == firm_id):
            raise RuleViolation(
                _("{firm} is already in the cultivation library.").format(firm=name)
            )
        entry = CultivatedFirm(firm_id=firm_id, updated_by=actor)
        after = row_steps.fill_new(session, entry, LIBRARY_FIELDS, given)
        return row_steps.store_created(session, entry, after, ENTITY, name)


def _entry(session: Session, entry_id: int, expected_version: int | None) -> CultivatedFirm:
    missing = _("The firm is no longer in the cultivation library.")
    return row_steps.locked_row(session, CultivatedFirm, entry_id, expected_version, missing)


def update_library_entry(
    db: Database,
    entry_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    with writing(db, actor) as session:
        entry = _entry(session, entry_id, expected_version)
        _allowed(session, actor, entry.firm_id)
        name = _firm_name(session, entry.firm_id)
        before, after = apply_values(session, entry, LIBRARY_FIELDS, values)
        return row_steps.log_changed(session, entry, before, after, ENTITY, name)


def remove_from_library(
    db: Database, entry_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """Take the firm out of the library (the firm, its visits and figures stay)."""
    with writing(db, actor) as session:
        entry = _entry(session, entry_id, expected_version)
        key = _firm_name(session, entry.firm_id)
        return _take_away(session, CultivatedFirm, entry.id, entry.firm_id, ENTITY, key, actor)


def _visit(session: Session, visit_id: int, expected_version: int | None) -> Visit:
    missing = _("The visit no longer exists.")
    return row_steps.locked_row(session, Visit, visit_id, expected_version, missing)


def _first_visitor(session: Session, visit_id: int) -> tuple[int | None, str]:
    found = session.execute(
        select(VisitVisitor.person_id, Person.name)
        .join(Person, Person.id == VisitVisitor.person_id)
        .where(VisitVisitor.visit_id == visit_id)
        .order_by(VisitVisitor.position)
        .limit(1)
    ).first()
    return (found.person_id, found.name) if found else (None, "")


def _visit_key(session: Session, visit: Visit) -> str:
    """As an import names it in the audit log: firm/day/visitors."""
    visitors = session.scalars(
        select(Person.name)
        .join(VisitVisitor, VisitVisitor.person_id == Person.id)
        .where(VisitVisitor.visit_id == visit.id)
        .order_by(VisitVisitor.position)
    )
    firm = _firm_name(session, visit.firm_id)
    return f"{firm}/{visit.day.isoformat()}/{'、'.join(visitors)}"


def _refuse_same_visit(session: Session, visit: Visit) -> None:
    """Firm + day + first visitor is a visit's key: a moved day may not land on another's."""
    first, name = _first_visitor(session, visit.id)
    same = (
        select(Visit.id)
        .join(VisitVisitor, VisitVisitor.visit_id == Visit.id)
        .where(
            Visit.id != visit.id,
            Visit.firm_id == visit.firm_id,
            Visit.day == visit.day,
            VisitVisitor.person_id == first,
            VisitVisitor.position == 0,
        )
    )
    with session.no_autoflush:
        clash = session.scalar(same.limit(1))
    if clash is not None:
        raise RuleViolation(
            _("{firm} already has a visit by {visitor} on {day}.").format(
                firm=_firm_name(session, visit.firm_id), visitor=name, day=visit.day.isoformat()
            )
        )


def update_visit(
    db: Database,
    visit_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    with writing(db, actor) as session:
        visit = _visit(session, visit_id, expected_version)
        _allowed(session, actor, visit.firm_id)
        key = _visit_key(session, visit)
        before, after = apply_values(session, visit, VISIT_FIELDS, values)
        if "day" in after:
            _refuse_same_visit(session, visit)
        return row_steps.log_changed(session, visit, before, after, VISIT_ENTITY, key)


def delete_visit(
    db: Database, visit_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """Delete a visit with its visitors; an action item made from its demand stays."""
    with writing(db, actor) as session:
        visit = _visit(session, visit_id, expected_version)
        key = _visit_key(session, visit)
        return _take_away(session, Visit, visit.id, visit.firm_id, VISIT_ENTITY, key, actor)
