"""Stored data as rows of the import layout (§3), keyed by column alias.

Export writes these rows and the importer compares file rows with them, so "what the layout
carries" is defined once: if a value round-trips, it is because it appears here. Each loader
runs one or two joined Core queries; a row's ``_id`` is its primary key and ``_``-prefixed keys
carry ids the importer needs but the file does not show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.store.models import (
    ActionItem,
    Chain,
    ChainMember,
    ChainSupportingDepartment,
    CultivatedFirm,
    Department,
    Firm,
    FirmFigure,
    HolidayOverride,
    Indicator,
    Link,
    Membership,
    Person,
    Project,
    Segment,
    Target,
    UnavailableDay,
    Visit,
    VisitVisitor,
    table_of,
)

Row = dict[str, Any]


def _people_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Person.id, Person.name)).all())


def _department_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Department.id, Department.name)).all())


def _chain_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Chain.id, Chain.name)).all())


def _segment_names(session: Session) -> dict[int, tuple[int, str]]:
    query = select(Segment.id, Segment.chain_id, Segment.name)
    return {sid: (chain_id, name) for sid, chain_id, name in session.execute(query).all()}


def load_people(session: Session) -> list[Row]:
    departments = _department_names(session)
    days: dict[int, list[Any]] = defaultdict(list)
    by_day = select(UnavailableDay.person_id, UnavailableDay.day).order_by(UnavailableDay.day)
    for person_id, day in session.execute(by_day).all():
        days[person_id].append(day)
    query = select(
        Person.id, Person.name, Person.title, Person.department_id, Person.phone, Person.email
    )
    return [
        {
            "_id": pid,
            "name": name,
            "title": title,
            "department": departments.get(department_id) if department_id else None,
            "phone": phone,
            "email": email,
            "unavailable": days.get(pid, []),
        }
        for pid, name, title, department_id, phone, email in session.execute(query).all()
    ]


def load_chains(session: Session) -> list[Row]:
    people = _people_names(session)
    departments = _department_names(session)
    members: dict[int, list[str]] = defaultdict(list)
    query = select(ChainMember.chain_id, ChainMember.person_id).order_by(
        ChainMember.chain_id, ChainMember.position
    )
    for chain_id, person_id in session.execute(query).all():
        members[chain_id].append(people[person_id])
    supporting: dict[int, list[str]] = defaultdict(list)
    query = select(
        ChainSupportingDepartment.chain_id, ChainSupportingDepartment.department_id
    ).order_by(ChainSupportingDepartment.chain_id, ChainSupportingDepartment.position)
    for chain_id, department_id in session.execute(query).all():
        supporting[chain_id].append(departments[department_id])
    rows = []
    for chain in session.execute(select(table_of(Chain))).mappings().all():
        rows.append(
            {
                "_id": chain["id"],
                "chain": chain["name"],
                "chief": people.get(chain["chief_id"]),
                "team_lead": people.get(chain["team_lead_id"]),
                "team_members": members.get(chain["id"], []),
                "lead_department": departments.get(chain["lead_department_id"]),
                "supporting_departments": supporting.get(chain["id"], []),
                "min_local_firms": chain["min_local_firms"],
                "description": chain["description"],
            }
        )
    return rows


def load_segments(session: Session) -> list[Row]:
    chains = _chain_names(session)
    query = select(
        Segment.id,
        Segment.chain_id,
        Segment.name,
        Segment.tier,
        Segment.is_key,
        Segment.description,
    )
    return [
        {
            "_id": sid,
            "_chain_id": chain_id,
            "chain": chains[chain_id],
            "segment": name,
            "tier": tier,
            "key": bool(is_key),
            "description": description,
        }
        for sid, chain_id, name, tier, is_key, description in session.execute(query).all()
    ]


def load_links(session: Session) -> list[Row]:
    chains = _chain_names(session)
    segments = _segment_names(session)
    query = select(Link.id, Link.chain_id, Link.upstream_id, Link.downstream_id)
    return [
        {
            "_id": lid,
            "_upstream_id": upstream_id,
            "_downstream_id": downstream_id,
            "chain": chains[chain_id],
            "upstream": segments[upstream_id][1],
            "downstream": segments[downstream_id][1],
        }
        for lid, chain_id, upstream_id, downstream_id in session.execute(query).all()
    ]


def load_firms(session: Session) -> list[Row]:
    table = table_of(Firm)
    query = select(
        table.c.id,
        table.c.name,
        table.c.uscc,
        table.c.location,
        table.c.park,
        table.c.tags,
        table.c.revenue,
        table.c.employees,
        table.c.contact,
        table.c.phone,
    )
    return [
        {
            "_id": fid,
            "firm": name,
            "uscc": uscc,
            "location": location,
            "park": park,
            "tags": list(tags or []),
            "revenue": revenue,
            "employees": employees,
            "contact": contact,
            "phone": phone,
        }
        for fid, name, uscc, location, park, tags, revenue, employees, contact, phone in (
            session.execute(query).all()
        )
    ]


def load_firm_segments(session: Session) -> list[Row]:
    chains = _chain_names(session)
    segments = _segment_names(session)
    query = select(
        Membership.id,
        Membership.firm_id,
        Membership.segment_id,
        Membership.role,
        Membership.product,
        Firm.name,
        Firm.uscc,
    ).join(Firm, Firm.id == Membership.firm_id)
    rows = []
    for mid, firm_id, segment_id, role, product, firm, uscc in session.execute(query).all():
        chain_id, segment = segments[segment_id]
        rows.append(
            {
                "_id": mid,
                "_firm_id": firm_id,
                "firm": firm,
                "chain": chains[chain_id],
                "segment": segment,
                "role": role,
                "product": product,
                "uscc": uscc,
            }
        )
    return rows


def load_targets(session: Session) -> list[Row]:
    chains = _chain_names(session)
    segments = _segment_names(session)
    people = _people_names(session)
    table = table_of(Target)
    rows = []
    for target in session.execute(select(table)).mappings().all():
        chain_id, segment = segments[target["segment_id"]]
        rows.append(
            {
                "_id": target["id"],
                "chain": chains[chain_id],
                "segment": segment,
                "firm": target["firm_name"],
                "region": target["region"],
                "stage": target["stage"],
                "owner": people.get(target["owner_id"]),
                "investment": target["investment"],
                "next_step": target["next_step"],
                "province": target["province"],
                "city": target["city"],
            }
        )
    return rows


def load_projects(session: Session) -> list[Row]:
    chains = _chain_names(session)
    segments = _segment_names(session)
    people = _people_names(session)
    rows = []
    for project in session.execute(select(table_of(Project))).mappings().all():
        segment_id = project["segment_id"]
        rows.append(
            {
                "_id": project["id"],
                "chain": chains[project["chain_id"]],
                "project": project["name"],
                "segment": segments[segment_id][1] if segment_id is not None else None,
                "investor": project["investor"],
                "investment": project["investment"],
                "stage": project["stage"],
                "signed_on": project["signed_on"],
                "owner": people.get(project["owner_id"]),
                **{
                    name: project[name]
                    for name in (
                        "planned_start",
                        "actual_start",
                        "planned_production",
                        "actual_production",
                        "issue",
                    )
                },
            }
        )
    return rows


def load_indicators(session: Session) -> list[Row]:
    chains = _chain_names(session)
    query = select(
        Indicator.id,
        Indicator.chain_id,
        Indicator.quarter,
        Indicator.name,
        Indicator.target,
        Indicator.actual,
    )
    return [
        {
            "_id": iid,
            "chain": chains[chain_id],
            "quarter": quarter,
            "indicator": name,
            "target": target,
            "actual": actual,
        }
        for iid, chain_id, quarter, name, target, actual in session.execute(query).all()
    ]


def load_actions(session: Session) -> list[Row]:
    chains = _chain_names(session)
    people = _people_names(session)
    departments = _department_names(session)
    rows = []
    for action in session.execute(select(table_of(ActionItem))).mappings().all():
        rows.append(
            {
                "_id": action["id"],
                "chain": chains[action["chain_id"]],
                "item": action["item"],
                "department": departments.get(action["department_id"]),
                "owner": people.get(action["owner_id"]),
                "due": action["due"],
                "status": action["status"],
                "completion_note": action["completion_note"],
                "common_issue": bool(action["common_issue"]),
                "needs_chief": bool(action["needs_chief"]),
                "_closed_on": action["closed_on"],
            }
        )
    return rows


def load_holidays(session: Session) -> list[Row]:
    query = select(HolidayOverride.day, HolidayOverride.kind, HolidayOverride.note)
    return [
        {"_id": day, "date": day, "kind": kind, "note": note}
        for day, kind, note in session.execute(query).all()
    ]


def _firm_names(session: Session) -> dict[int, tuple[str, str | None]]:
    return {fid: (name, uscc) for fid, name, uscc in session.execute(_FIRM_NAMES).all()}


_FIRM_NAMES = select(Firm.id, Firm.name, Firm.uscc)


def load_firm_figures(session: Session) -> list[Row]:
    firms = _firm_names(session)
    table = FirmFigure.__table__
    rows = []
    for figure in session.execute(select(table)).mappings().all():
        name, uscc = firms[figure["firm_id"]]
        rows.append(
            {
                "_id": figure["id"],
                "_firm_id": figure["firm_id"],
                "firm": name,
                "uscc": uscc,
                "quarter": figure["quarter"],
                "revenue": figure["revenue"],
                "tax": figure["tax"],
                "fixed_investment": figure["fixed_investment"],
                "employees": figure["employees"],
            }
        )
    return rows


def load_cultivated_firms(session: Session) -> list[Row]:
    firms = _firm_names(session)
    people = _people_names(session)
    rows = []
    for entry in session.execute(select(CultivatedFirm.__table__)).mappings().all():
        name, uscc = firms[entry["firm_id"]]
        rows.append(
            {
                "_id": entry["id"],
                "_firm_id": entry["firm_id"],
                "_uscc": uscc,
                "firm": name,
                "tier": entry["tier"],
                "officer": people.get(entry["officer_id"]),
                "since": entry["since"],
                "note": entry["note"],
            }
        )
    return rows


def load_visits(session: Session) -> list[Row]:
    firms = _firm_names(session)
    people = _people_names(session)
    visitors: dict[int, list[str]] = defaultdict(list)
    query = select(VisitVisitor.visit_id, VisitVisitor.person_id).order_by(
        VisitVisitor.visit_id, VisitVisitor.position
    )
    for visit_id, person_id in session.execute(query).all():
        visitors[visit_id].append(people[person_id])
    rows = []
    for visit in session.execute(select(Visit.__table__)).mappings().all():
        name, uscc = firms[visit["firm_id"]]
        names = visitors.get(visit["id"], [])
        rows.append(
            {
                "_id": visit["id"],
                "_firm_id": visit["firm_id"],
                "_uscc": uscc,
                "_first": names[0] if names else "",
                "_action_id": visit["action_id"],
                "firm": name,
                "date": visit["day"],
                "visitors": names,
                "content": visit["content"],
                "demand": visit["demand"],
                "escalate": bool(visit["escalate"]),
            }
        )
    return rows


LOADERS: dict[str, Callable[[Session], list[Row]]] = {
    "chains": load_chains,
    "segments": load_segments,
    "links": load_links,
    "firms": load_firms,
    "firm_segments": load_firm_segments,
    "targets": load_targets,
    "projects": load_projects,
    "people": load_people,
    "indicators": load_indicators,
    "actions": load_actions,
    "holidays": load_holidays,
    "firm_figures": load_firm_figures,
    "cultivated_firms": load_cultivated_firms,
    "visits": load_visits,
}


def sort_key(alias: str) -> Callable[[Row], Any]:
    """The export order of §3: natural key by code point (firms by name, then USCC)."""
    if alias == "firms":
        return lambda row: (row["firm"], row["uscc"] or "")
    if alias == "firm_segments":
        return lambda row: (row["firm"], row["chain"], row["segment"], row["uscc"] or "")
    if alias == "firm_figures":
        return lambda row: (row["firm"], row["uscc"] or "", row["quarter"])
    if alias == "cultivated_firms":
        return lambda row: (row["firm"], row["_uscc"] or "")
    if alias == "visits":
        return lambda row: (row["firm"], row["_uscc"] or "", row["date"], row["_first"])
    return itemgetter(*SORT_KEYS[alias])


SORT_KEYS: dict[str, tuple[str, ...]] = {
    "chains": ("chain",),
    "segments": ("chain", "segment"),
    "links": ("chain", "upstream", "downstream"),
    "targets": ("chain", "segment", "firm"),
    "projects": ("chain", "project"),
    "people": ("name",),
    "indicators": ("chain", "quarter", "indicator"),
    "actions": ("chain", "item"),
    "holidays": ("date",),
}
