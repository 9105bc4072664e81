"""How the columns of each import sheet become table columns (ids for names, defaults).

A table column is fed either straight from a row alias (a plain string: the fast path, copied
without a call) or by a converter that looks ids up in the writer's maps as tables are written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import Table

from chainchief.domain.enums import ActionStatus
from chainchief.exchange.rows import Row
from chainchief.store.models import (
    ActionItem,
    Chain,
    CultivatedFirm,
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
    Visit,
    table_of,
)


class IdMaps(Protocol):
    """What converters read: name → id per kind, and provisional → real firm ids."""

    ids: dict[str, dict[Any, int]]
    firm_ids: dict[int, int]


Convert = Callable[[IdMaps, Row], Any]
Source = Convert | str


def plain(alias: str) -> str:
    """A column copied as is from the row's ``alias`` (the fast path: no call per cell)."""
    return alias


def ref(alias: str, kind: str) -> Convert:
    """The id of the person, department… the row names in ``alias`` (None when empty)."""

    def convert(maps: IdMaps, row: Row) -> Any:
        value = row.get(alias)
        return maps.ids[kind][value] if value else None

    return convert


def chain_id(maps: IdMaps, row: Row) -> int:
    return maps.ids["chain"][row["chain"]]


def segment_id(alias: str) -> Convert:
    """The id of the segment ``alias`` names in the row's chain (None when empty)."""

    def convert(maps: IdMaps, row: Row) -> int | None:
        name = row.get(alias)
        return maps.ids["segment"][(row["chain"], name)] if name else None

    return convert


def firm_id(maps: IdMaps, row: Row) -> int:
    provisional: int = row["_firm_id"]
    return maps.firm_ids.get(provisional, provisional)


def default(alias: str, value: Any) -> Convert:
    """The row's ``alias``, or ``value`` where the row has none (new rows, absent columns)."""

    def convert(_maps: IdMaps, row: Row) -> Any:
        found = row.get(alias)
        return value if found is None else found

    return convert


# Per sheet: table column → (alias that feeds it or None for key columns, converter).
COLUMNS: dict[str, dict[str, tuple[str | None, Source]]] = {
    "people": {
        "name": (None, plain("name")),
        "title": ("title", plain("title")),
        "department_id": ("department", ref("department", "department")),
        "phone": ("phone", plain("phone")),
        "email": ("email", plain("email")),
    },
    "chains": {
        "name": (None, plain("chain")),
        "chief_id": ("chief", ref("chief", "person")),
        "team_lead_id": ("team_lead", ref("team_lead", "person")),
        "lead_department_id": ("lead_department", ref("lead_department", "department")),
        "description": ("description", plain("description")),
    },
    "segments": {
        "chain_id": (None, chain_id),
        "name": (None, plain("segment")),
        "tier": ("tier", plain("tier")),
        "is_key": ("key", default("key", False)),
        "description": ("description", plain("description")),
    },
    "links": {
        "chain_id": (None, chain_id),
        "upstream_id": (None, segment_id("upstream")),
        "downstream_id": (None, segment_id("downstream")),
    },
    "firms": {
        "name": ("firm", plain("firm")),
        "uscc": ("uscc", plain("uscc")),
        "location": ("location", plain("location")),
        "park": ("park", plain("park")),
        "tags": ("tags", default("tags", [])),
        "revenue": ("revenue", plain("revenue")),
        "employees": ("employees", plain("employees")),
        "contact": ("contact", plain("contact")),
        "phone": ("phone", plain("phone")),
    },
    "firm_segments": {
        "firm_id": (None, firm_id),
        "segment_id": (None, segment_id("segment")),
        "role": ("role", plain("role")),
        "product": ("product", plain("product")),
    },
    "targets": {
        "segment_id": (None, segment_id("segment")),
        "firm_name": (None, plain("firm")),
        "region": ("region", plain("region")),
        "stage": ("stage", plain("stage")),
        "owner_id": ("owner", ref("owner", "person")),
        "investment": ("investment", plain("investment")),
        "next_step": ("next_step", plain("next_step")),
        "province": ("province", plain("province")),
        "city": ("city", plain("city")),
    },
    "projects": {
        "chain_id": (None, chain_id),
        "name": (None, plain("project")),
        "segment_id": ("segment", segment_id("segment")),
        "investor": ("investor", plain("investor")),
        "investment": ("investment", plain("investment")),
        "stage": ("stage", plain("stage")),
        "signed_on": ("signed_on", plain("signed_on")),
        "owner_id": ("owner", ref("owner", "person")),
        "planned_start": ("planned_start", plain("planned_start")),
        "actual_start": ("actual_start", plain("actual_start")),
        "planned_production": ("planned_production", plain("planned_production")),
        "actual_production": ("actual_production", plain("actual_production")),
        "issue": ("issue", plain("issue")),
    },
    "indicators": {
        "chain_id": (None, chain_id),
        "quarter": (None, plain("quarter")),
        "name": (None, plain("indicator")),
        "target": ("target", plain("target")),
        "actual": ("actual", plain("actual")),
    },
    "actions": {
        "chain_id": (None, chain_id),
        "item": (None, plain("item")),
        "department_id": ("department", ref("department", "department")),
        "owner_id": ("owner", ref("owner", "person")),
        "due": ("due", plain("due")),
        "status": ("status", default("status", ActionStatus.ASSIGNED.value)),
        "completion_note": ("completion_note", plain("completion_note")),
        "common_issue": ("common_issue", default("common_issue", False)),
        "needs_chief": ("needs_chief", default("needs_chief", False)),
    },
    "holidays": {
        "day": (None, plain("date")),
        "kind": ("kind", plain("kind")),
        "note": ("note", plain("note")),
    },
    "firm_figures": {
        "firm_id": (None, firm_id),
        "quarter": (None, plain("quarter")),
        "revenue": ("revenue", plain("revenue")),
        "tax": ("tax", plain("tax")),
        "fixed_investment": ("fixed_investment", plain("fixed_investment")),
        "employees": ("employees", plain("employees")),
    },
    "cultivated_firms": {
        "firm_id": (None, firm_id),
        "tier": ("tier", plain("tier")),
        "officer_id": ("officer", ref("officer", "person")),
        "since": ("since", plain("since")),
        "note": ("note", plain("note")),
    },
    "visits": {
        "firm_id": (None, firm_id),
        "day": (None, plain("date")),
        "content": ("content", plain("content")),
        "demand": ("demand", plain("demand")),
        "escalate": ("escalate", default("escalate", False)),
    },
}
RETURNED = {"firms": ("id", "name", "uscc"), "targets": ("id", "stage"), "visits": ("id",)}
TABLES: dict[str, Table] = {
    "people": table_of(Person),
    "chains": table_of(Chain),
    "segments": table_of(Segment),
    "links": table_of(Link),
    "firms": table_of(Firm),
    "firm_segments": table_of(Membership),
    "targets": table_of(Target),
    "projects": table_of(Project),
    "indicators": table_of(Indicator),
    "actions": table_of(ActionItem),
    "holidays": table_of(HolidayOverride),
    "firm_figures": table_of(FirmFigure),
    "cultivated_firms": table_of(CultivatedFirm),
    "visits": table_of(Visit),
}  # type: ignore[dict-item]
