"""Importing a workbook (§3): read, check everything, then write all of it or nothing.

The file is read and parsed before the transaction opens; the plan is made and written inside
one transaction, so a refusal, a cancel or a crash leaves the database exactly as it was — not
even an audit row. ``dry_run`` stops after planning and reports what would have happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief import write_guard
from chainchief.domain.errors import CellError, ImportRefused
from chainchief.exchange.bulk import collector_paused
from chainchief.exchange.progress import CancelFlag, ProgressCallback, Tracker

# What a cancelled import raises, named here so callers need not reach into exchange.
from chainchief.exchange.progress import OperationCancelled as OperationCancelled
from chainchief.exchange.reader import WorkbookSource, XlsxSource
from chainchief.exchange.rows import ParsedSheet, parse_sheet
from chainchief.exchange.workbook_spec import SHEETS
from chainchief.i18n import _, ngettext
from chainchief.services.admin.backups import backup_before
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.admin.settings import default_min_local_firms
from chainchief.services.workbooks.apply import Applier
from chainchief.services.workbooks.changes import ImportFieldChange, changes_of
from chainchief.services.workbooks.import_audit import record_import
from chainchief.services.workbooks.plan import FIRM_KEYED, ORDER, ImportPlan, Planner
from chainchief.services.workbooks.spelling import spell_as_stored
from chainchief.services.workbooks.stored_rows import LOADERS
from chainchief.store.db import Database
from chainchief.store.models import Department

ALWAYS_LOADED = ("people", "chains", "segments")


@dataclass(frozen=True)
class SheetSummary:
    """What an import did (or, in a dry run, would do) to one sheet's rows."""

    sheet: str
    title: str
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class ImportSummary:
    source: str
    sheets: tuple[SheetSummary, ...]
    people_created: tuple[str, ...]
    departments_created: tuple[str, ...]
    dry_run: bool
    warnings: tuple[str, ...] = ()
    """Things imported that the user may not expect, e.g. hidden sheets, in their words."""
    changes: tuple[ImportFieldChange, ...] = ()
    """Every stored field the import changes (or would change), sheet by sheet, old → new."""

    @property
    def unchanged(self) -> int:
        return sum(sheet.unchanged for sheet in self.sheets)

    def as_json(self) -> dict[str, object]:
        """``import --json``: rows added per sheet, every changed field, rows unchanged."""
        return {
            "added": {sheet.title: sheet.added for sheet in self.sheets},
            "updated": [change.as_json() for change in self.changes],
            "unchanged": self.unchanged,
        }

    @property
    def added(self) -> int:
        return sum(sheet.added for sheet in self.sheets)

    @property
    def updated(self) -> int:
        return sum(sheet.updated for sheet in self.sheets)


@dataclass
class ReadWorkbook:
    """Every known sheet of a source, parsed, with the problems found while reading."""

    name: str
    sheets: dict[str, ParsedSheet]
    errors: list[CellError]
    titles: list[str]
    hidden: tuple[str, ...] = ()


def read_source(source: WorkbookSource, tracker: Tracker) -> ReadWorkbook:
    errors: list[CellError] = []
    sheets: dict[str, ParsedSheet] = {}
    titles: list[str] = []
    tracker.total = source.estimated_rows()
    for raw in source.sheets(errors):
        titles.append(raw.title)
        sheets[raw.spec.alias] = parse_sheet(raw, errors, tracker)
    hidden = tuple(title for title in source.hidden if title in titles)
    return ReadWorkbook(source.name, sheets, errors, titles, hidden)


def import_workbook(
    db: Database,
    path: str | Path,
    *,
    actor: str,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> ImportSummary:
    """Import an .xlsx file; raises ImportRefused (nothing written) on any problem."""
    try:
        with write_guard.reading(path), collector_paused(), XlsxSource(path) as source:
            return import_source(
                db, source, actor=actor, dry_run=dry_run, progress=progress, cancel=cancel
            )
    except ImportRefused as refused:
        raise refused.in_file(Path(path).name) from None


def import_source(
    db: Database,
    source: WorkbookSource,
    *,
    actor: str,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> ImportSummary:
    tracker = Tracker(progress=progress, cancel=cancel)
    with collector_paused():
        return _import_source(db, source, actor=actor, dry_run=dry_run, tracker=tracker)


def _import_source(
    db: Database, source: WorkbookSource, *, actor: str, dry_run: bool, tracker: Tracker
) -> ImportSummary:
    workbook = read_source(source, tracker)
    if not dry_run:
        backup_before(db, "import", actor=actor)
    with db.transaction() as session:
        return import_read(session, workbook, actor=actor, dry_run=dry_run, tracker=tracker)


def import_read(
    session: Session,
    workbook: ReadWorkbook,
    *,
    actor: str,
    dry_run: bool,
    tracker: Tracker,
) -> ImportSummary:
    """Plan and (unless ``dry_run``) write a read workbook inside the caller's transaction."""
    tracker.check()
    if not dry_run:
        require(session, actor, Permission.ADMINISTER)
    errors = workbook.errors
    default_min = default_min_local_firms(session)
    needed = set(ALWAYS_LOADED) | set(workbook.sheets)
    if "segments" in workbook.sheets:
        needed.add("links")
    if needed & {"firm_segments", *FIRM_KEYED}:
        needed.add("firms")
    if "visits" in workbook.sheets:
        needed.add("firm_segments")
    stored = {alias: LOADERS[alias](session) if alias in needed else [] for alias in ORDER}
    departments = session.scalars(select(Department.name)).all()
    spell_as_stored(workbook.sheets, stored, departments)
    plan = Planner(workbook.sheets, stored, departments, default_min, errors).plan()
    if errors:
        raise refusal(errors, workbook.titles)
    summary = _summary(workbook, plan, dry_run)
    if dry_run:
        return summary
    tracker.total = tracker.done + sum(
        len(sheet.inserts) + len(sheet.updates) for sheet in plan.sheets.values()
    )
    tracker.check()
    Applier(session, plan, actor, tracker, default_min).run()
    record_import(session, plan, actor=actor, source=summary.source)
    tracker.check()
    return summary


def refusal(errors: list[CellError], titles: list[str]) -> ImportRefused:
    """All problems, in the file's sheet order, then row, then column."""
    order = {title: index for index, title in enumerate(titles)}

    def position(error: CellError) -> tuple[int, int, int, str]:
        return (order.get(error.sheet, len(order)), error.row, len(error.column), error.column)

    ordered = sorted(errors, key=position)
    message = ngettext(
        "The import was refused: {count} problem; nothing was changed.",
        "The import was refused: {count} problems; nothing was changed.",
        len(ordered),
    ).format(count=len(ordered))
    return ImportRefused(message, ordered)


def _summary(workbook: ReadWorkbook, plan: ImportPlan, dry_run: bool) -> ImportSummary:
    sheets = tuple(
        SheetSummary(alias, sheet.title, len(sheet.inserts), len(sheet.updates), sheet.unchanged)
        for alias, sheet in ((spec.alias, plan.sheets.get(spec.alias)) for spec in SHEETS)
        if sheet is not None
    )
    warnings = tuple(
        _("The sheet {sheet} is hidden in the workbook; its rows were read like any other.").format(
            sheet=title
        )
        for title in workbook.hidden
    )
    changes = tuple(
        change
        for spec in SHEETS
        if spec.alias in plan.sheets
        for change in changes_of(
            spec.alias, plan.sheets[spec.alias].title, plan.sheets[spec.alias].updates
        )
    )
    return ImportSummary(
        workbook.name,
        sheets,
        tuple(plan.new_people),
        tuple(plan.new_departments),
        dry_run,
        warnings,
        changes,
    )
