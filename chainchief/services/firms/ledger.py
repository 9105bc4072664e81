"""The zone's firm ledger (企业): list, add, edit, delete firms.

Values are read with the importer's cell parsers, so a USCC with a wrong check digit or a
negative revenue is refused in the app exactly as in a workbook, with the same words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.enums import Location, Role
from chainchief.domain.errors import RuleViolation
from chainchief.exchange.parsers import (
    parse_enum,
    parse_integer,
    parse_number,
    parse_uscc,
)
from chainchief.i18n import N_, _
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.kernel import row_steps
from chainchief.services.kernel.edits import (
    Field,
    FieldChange,
    RowRef,
    apply_values,
    name_text,
    plain,
    problem,
    text_list,
    writing,
)
from chainchief.services.kernel.removals import Removal, describe, preview, take_away
from chainchief.services.registers.figures import firm_figure_table, latest_figure_quarter
from chainchief.store.db import Database
from chainchief.store.models import Chain, Firm, Membership, Segment, table_of

FIRM_FIELDS: dict[str, Field] = {
    "name": plain("name", N_("Firm"), name_text, required=True),
    "uscc": plain("uscc", N_("Unified social credit code"), parse_uscc),
    "location": plain(
        "location", N_("Location"), lambda value: parse_enum(Location, value), required=True
    ),
    "park": plain("park", N_("Park"), name_text),
    "tags": plain("tags", N_("Firm types"), text_list),
    "revenue": plain("revenue", N_("Revenue (10k yuan)"), parse_number),
    "employees": plain("employees", N_("Employees"), parse_integer),
    "contact": plain("contact", N_("Contact person"), name_text),
    "phone": plain("phone", N_("Phone"), name_text),
}


BADGED_TAGS = (
    "规上",
    "上市",
    "高新技术企业",
    "专精特新",
    '专精特新"小巨人"',
    "单项冠军",
    "独角兽",
    "瞪羚",
)
"""The firm types of DESIGN.md §1 that get badges; other tags are kept as free text."""


def firm_problem(field: str, value: Any) -> str | None:
    """Why ``value`` would be refused for a firm's ``field``, or None (checked as typed)."""
    return problem(FIRM_FIELDS, field, value)


@dataclass(frozen=True)
class ServedSegment:
    chain: str
    segment: str
    role: Role


@dataclass(frozen=True)
class FirmRow:
    id: int
    version: int
    name: str
    uscc: str | None
    location: Location
    park: str | None
    tags: tuple[str, ...]
    revenue: float | None
    employees: int | None
    contact: str | None
    phone: str | None
    segments: tuple[ServedSegment, ...]
    quarters: tuple[str, ...] = ()
    """The last four quarters with firm figures (企业指标), oldest first; the same for all rows."""
    quarter_revenue: tuple[float | None, ...] = ()
    """The firm's revenue (万元) in each of ``quarters``."""
    revenue_yoy: float | None = None
    """The latest quarter's revenue against the same quarter a year before (0.12 = +12%)."""


def list_firms(db: Database, ids: Collection[int] | None = None) -> list[FirmRow]:
    """Every firm (or those of ``ids``: the rows an edit changed) with the segments it serves,
    by name then USCC (code point)."""
    served: dict[int, list[ServedSegment]] = defaultdict(list)
    roles = {role.value: role for role in Role}
    locations = {location.value: location for location in Location}
    latest = latest_figure_quarter(db)
    shown, figured = firm_figure_table(db, latest, ids) if latest else ([], [])
    quarters = tuple(shown)
    figures = {row.firm_id: row for row in figured}
    memberships_query = (
        select(Membership.firm_id, Chain.name, Segment.name, Membership.role)
        .join(Segment, Segment.id == Membership.segment_id)
        .join(Chain, Chain.id == Segment.chain_id)
        .order_by(Chain.name, Segment.name)
    )
    firms_query = select(
        Firm.id,
        Firm.version,
        Firm.name,
        Firm.uscc,
        Firm.location,
        Firm.park,
        Firm.tags,
        Firm.revenue,
        Firm.employees,
        Firm.contact,
        Firm.phone,
    )
    if ids is not None:
        memberships_query = memberships_query.where(Membership.firm_id.in_(ids))
        firms_query = firms_query.where(Firm.id.in_(ids))
    with db.transaction() as session:
        for firm_id, chain, segment, role in session.execute(memberships_query):
            served[firm_id].append(ServedSegment(chain, segment, roles[role]))
        firms = session.execute(firms_query).all()
    rows = [
        FirmRow(
            id=firm.id,
            version=firm.version,
            name=firm.name,
            uscc=firm.uscc,
            location=locations[firm.location],
            park=firm.park,
            tags=tuple(firm.tags or ()),
            revenue=firm.revenue,
            employees=firm.employees,
            contact=firm.contact,
            phone=firm.phone,
            segments=tuple(served.get(firm.id, ())),
            quarters=quarters,
            quarter_revenue=figures[firm.id].revenue if firm.id in figures else (),
            revenue_yoy=figures[firm.id].revenue_yoy if firm.id in figures else None,
        )
        for firm in firms
    ]
    return sorted(rows, key=lambda row: (row.name, row.uscc or ""))


def firm_names(db: Database) -> list[tuple[int, str]]:
    """Every firm's id and name, unsorted: what the firm page needs to pick its first
    screenful of a city's 20,000 firms before it has read them all."""
    with db.transaction() as session:
        return [(firm_id, name) for firm_id, name in session.execute(select(Firm.id, Firm.name))]


@dataclass(frozen=True)
class FirmChoice:
    """A firm as a picker lists it."""

    id: int
    name: str
    uscc: str | None
    location: Location


def firm_choices(db: Database) -> list[FirmChoice]:
    """Every firm, for pickers: by name then USCC (code point)."""
    with db.transaction() as session:
        rows = session.execute(select(Firm.id, Firm.name, Firm.uscc, Firm.location)).all()
    choices = [
        FirmChoice(fid, name, uscc, Location(location)) for fid, name, uscc, location in rows
    ]
    return sorted(choices, key=lambda choice: (choice.name, choice.uscc or ""))


def _served_chains(session: Session, firm_id: int) -> list[int]:
    return sorted(
        set(
            session.scalars(
                select(Segment.chain_id)
                .join(Membership, Membership.segment_id == Segment.id)
                .where(Membership.firm_id == firm_id)
            )
        )
    )


def _refuse_taken_uscc(session: Session, uscc: str | None, own_id: int | None) -> None:
    with session.no_autoflush:
        if uscc is None:
            return
        holder = session.execute(select(Firm.id, Firm.name).where(Firm.uscc == uscc)).first()
        if holder is not None and holder.id != own_id:
            raise RuleViolation(
                _("{firm} already has the unified social credit code {uscc}.").format(
                    firm=holder.name, uscc=uscc
                )
            )


def firm_label(firm: Firm) -> str:
    """A firm in the audit log as an import names it: ``name/USCC`` (the name alone without
    one), so the office staff reading the log see which firm, not only its code."""
    return f"{firm.name}/{firm.uscc}" if firm.uscc else firm.name


def create_firm(db: Database, values: Mapping[str, Any], *, actor: str) -> RowRef:
    """A new firm of the ledger; in the zone unless ``values`` says otherwise."""
    given = {"location": Location.IN_ZONE.value} | dict(values)
    with writing(db, actor) as session:
        require(session, actor, Permission.EDIT_WORK)
        firm = Firm(updated_by=actor)
        after = row_steps.fill_new(session, firm, FIRM_FIELDS, given)
        _refuse_taken_uscc(session, firm.uscc, None)
        return row_steps.store_created(session, firm, after, "firm", firm_label(firm))


def _firm(session: Session, firm_id: int, expected_version: int | None) -> Firm:
    missing = _("The firm no longer exists.")
    return row_steps.locked_row(session, Firm, firm_id, expected_version, missing)


def update_firm(
    db: Database,
    firm_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    """Change a firm; a USCC another firm has is refused."""
    with writing(db, actor) as session:
        firm = _firm(session, firm_id, expected_version)
        chains = tuple(_served_chains(session, firm_id))
        require(session, actor, _firm_permission(chains), chains)
        key = firm_label(firm)
        before, after = apply_values(session, firm, FIRM_FIELDS, values)
        if "uscc" in after:
            _refuse_taken_uscc(session, firm.uscc, firm_id)
        return row_steps.log_changed(session, firm, before, after, "firm", key)


def delete_firm(db: Database, firm_id: int, *, actor: str, expected_version: int | None) -> Removal:
    """Delete a firm and the memberships through which it served segments."""
    with writing(db, actor) as session:
        firm = _firm(session, firm_id, expected_version)
        chains = tuple(_served_chains(session, firm_id))
        return take_away(
            session,
            table_of(Firm),
            firm_id,
            entity="firm",
            key=firm_label(firm),
            actor=actor,
            permission=_firm_permission(chains),
            chain_ids=chains,
        )


def _firm_permission(chains: tuple[int, ...]) -> Permission:
    """A firm serving chains is work of those chains; one serving none belongs to no team,
    so only admins and leads may change or delete it (issue 18)."""
    return Permission.EDIT_WORK if chains else Permission.EDIT_CHAIN


def firm_deletion_summary(db: Database, firm_id: int) -> list[str]:
    with db.transaction() as session:
        _firm(session, firm_id, None)
        return describe(preview(session, table_of(Firm), firm_id))
