"""Exporting all data in the import layout (§3 writing rules).

The rows are read in one transaction, so the workbook is a consistent snapshot, then written
outside it; ``import(export(db))`` into an empty database gives the same data back.
"""

from __future__ import annotations

from pathlib import Path

from chainchief.exchange.bulk import collector_paused
from chainchief.exchange.progress import CancelFlag, ProgressCallback, Tracker
from chainchief.exchange.template import write_layout_workbook, write_template
from chainchief.exchange.workbook_spec import SHEETS
from chainchief.services.workbooks.stored_rows import LOADERS, Row, sort_key
from chainchief.store.db import Database


def export_rows(db: Database) -> dict[str, list[Row]]:
    """Every sheet's rows in export order (natural key by code point)."""
    with db.transaction() as session:
        loaded = {spec.alias: LOADERS[spec.alias](session) for spec in SHEETS}
    return {alias: sorted(rows, key=sort_key(alias)) for alias, rows in loaded.items()}


def export_workbook(
    db: Database,
    path: str | Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> dict[str, int]:
    """Write the workbook atomically; returns the row count of each sheet, by alias."""
    tracker = Tracker(progress=progress, cancel=cancel)
    with collector_paused():
        rows = export_rows(db)
        tracker.total = sum(len(sheet) for sheet in rows.values())
        tracker.check()
        write_layout_workbook(path, rows, tracker)
    return {alias: len(sheet) for alias, sheet in rows.items()}


def export_template(path: str | Path) -> None:
    """The empty import workbook with its 填写说明 sheet (no data, so no transaction)."""
    write_template(path)
