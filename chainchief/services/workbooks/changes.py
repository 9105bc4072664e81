"""What an import changes in rows already stored: one entry per field, old → new.

"更新 3 行" hid that a second zone's workbook replaced a chain's chief and its figures (issue
18); the preview, the CLI and ``import --json`` list every changed field from these entries.
Values stay as the importer holds them (codes, dates, lists); ``shown`` words one for people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from chainchief.exchange.workbook_spec import SHEETS_BY_ALIAS, Kind, SheetColumn
from chainchief.i18n import _

ROLE_FIELDS = frozenset({"chief", "team_lead", "team_members", "role"})
"""Fields that say who leads a chain or which role a firm holds: highlighted in previews."""
FIGURE_FIELDS = frozenset({"target", "actual", "revenue", "investment", "employees"})
"""Figures (indicators, revenue, investment): highlighted in previews."""


@dataclass(frozen=True)
class ImportFieldChange:
    """One stored field an import would change."""

    sheet: str
    """The sheet's title as written in the file."""
    row: int
    key: str
    """The row's identifying values, joined with " / "."""
    field: str
    """The column's code (its English alias)."""
    header: str
    """The column's Chinese header, as the workbook shows it."""
    old: Any
    new: Any
    old_text: str
    new_text: str

    @property
    def highlighted(self) -> bool:
        """A change of chain roles or of figures, which a preview must make stand out."""
        return self.field in ROLE_FIELDS or self.field in FIGURE_FIELDS

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "key": self.key,
            "field": self.field,
            "old": _json(self.old),
            "new": _json(self.new),
        }


def changes_of(
    alias: str, title: str, updates: list[tuple[dict[str, Any], dict[str, Any]]]
) -> list[ImportFieldChange]:
    """Every field the (stored, file) pairs of one sheet would change, in row order."""
    spec = SHEETS_BY_ALIAS[alias]
    key_columns = [column.alias for column in spec.identifying]
    found = []
    for stored, row in sorted(updates, key=lambda pair: pair[1]["_row"]):
        key = " / ".join(str(row.get(name, "")) for name in key_columns)
        for column in spec.columns:
            name = column.alias
            if name in key_columns or name not in row or name not in stored:
                continue
            old, new = stored[name], row[name]
            if old != new:
                found.append(
                    ImportFieldChange(
                        title,
                        row["_row"],
                        key,
                        name,
                        column.header,
                        old,
                        new,
                        shown(column, old),
                        shown(column, new),
                    )
                )
    return found


def shown(column: SheetColumn, value: Any) -> str:
    """A value as the user wrote it in the workbook: Chinese choices, lists with 、."""
    if value is None or value == [] or value == "":
        return _("(empty)")
    if isinstance(value, list):
        return "、".join(shown(column, item) for item in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if column.enum is not None and column.kind is Kind.ENUM:
        return column.enum(value).file_value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(item) for item in value]
    return value
