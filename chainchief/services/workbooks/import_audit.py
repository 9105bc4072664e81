"""What an import changed, row by row, in the audit log.

An import is the biggest change anyone makes, so it is accounted for like an edit: one entry
per updated row (the sheet as entity, the row's natural key, the fields it changed as
``[old, new]``), one per added row (its key: what it holds is the data itself, and writing it
all again would double the cost of a large import), one per person or department created on
first mention, and one summary of the whole workbook. Unchanged rows leave no entry. Entries
go in with a few bulk inserts, inside the import's own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from chainchief.domain.clock import now
from chainchief.exchange.workbook_spec import SHEETS_BY_ALIAS
from chainchief.services.admin import audit
from chainchief.services.workbooks.plan import ImportPlan, SheetPlan

ACTION = "import"


def record_import(session: Session, plan: ImportPlan, *, actor: str, source: str) -> int:
    """Write the entries of ``plan``; returns how many were written."""
    at = now()
    entries = [
        audit.entry_values(
            user=actor, action=ACTION, entity=entity, key=key, changes=changes, at=at
        )
        for entity, key, changes in _entries(plan, source)
    ]
    audit.record_many(session, entries)
    return len(entries)


def _entries(plan: ImportPlan, source: str) -> Iterator[tuple[str, str, audit.Changes]]:
    for name in plan.new_people:
        yield "people", name, {}
    for name in plan.new_departments:
        yield "departments", name, {}
    for alias, sheet in plan.sheets.items():
        yield from _sheet_entries(alias, sheet)
    counts = {
        alias: {"added": len(s.inserts), "updated": len(s.updates), "unchanged": s.unchanged}
        for alias, s in plan.sheets.items()
    }
    yield "workbook", source, {alias: [None, count] for alias, count in counts.items()}


def _sheet_entries(alias: str, sheet: SheetPlan) -> Iterator[tuple[str, str, audit.Changes]]:
    keys = [column.alias for column in SHEETS_BY_ALIAS[alias].identifying]
    fields = [name for name in sheet.present if name not in keys and not name.startswith("_")]
    for row in sheet.inserts:
        yield alias, _key(row, keys), {}
    for stored, row in sheet.updates:
        changed = {
            name: [stored.get(name), row[name]]
            for name in fields
            if name in row and audit.plain(stored.get(name)) != audit.plain(row[name])
        }
        yield alias, _key(row, keys), changed


def _key(row: dict[str, Any], keys: list[str]) -> str:
    """The row's natural key as people read it: ``新能源汽车/电芯``, a firm with its USCC."""
    parts = [_text(row.get(name)) for name in keys]
    if row.get("uscc") and "uscc" not in keys:
        parts.append(str(row["uscc"]))
    return "/".join(parts)


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(_text(item) for item in value)
    return "" if value is None else str(value)
