"""The demo city (resources/demo), loaded through the same pipeline as any import.

The demo is a folder of CSV files in the import layout, so it is checked by every rule a user's
workbook is; ``force`` backs the database up, then replaces all data in the same transaction as
the import (recording the replacement in the new audit log), so a failed demo load leaves the
old data in place. User accounts stay: who may use the database is not its data, and dropping
them would leave it open to anyone. Their chains go with the old chains, and the summary says
which. The audit log stays too and gets one more entry listing what was cleared: entries are
never deleted. The city is dated around today (``demo_dates``), so a pack made on any day tells
a coherent story.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from chainchief.domain.clock import today
from chainchief.domain.errors import UserError
from chainchief.exchange.progress import CancelFlag, ProgressCallback, Tracker
from chainchief.exchange.reader import CsvDirectorySource
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.backups import backup_before
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.admin.stats import is_empty
from chainchief.services.workbooks.demo_dates import date_sheets
from chainchief.services.workbooks.importing import ImportSummary, import_read, read_source
from chainchief.store.db import Database
from chainchief.store.models import Base, Chain, User, UserChain

DEMO_SOURCE_NAME = "demo"
KEPT_TABLES = frozenset({"users", "user_chains", "audit_log"})


def load_demo(
    db: Database,
    *,
    force: bool,
    actor: str,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> ImportSummary:
    """Load the demo into an empty database, or with ``force`` replace all data by it."""
    if not force and not is_empty(db):
        raise UserError(_("The database is not empty; use --force to replace all data"))
    tracker = Tracker(progress=progress, cancel=cancel)
    folder = resources.files("chainchief.resources") / "demo"
    with CsvDirectorySource(folder, DEMO_SOURCE_NAME) as source:
        workbook = read_source(source, tracker)
    date_sheets(workbook.sheets, today())
    previous = backup_before(db, "demo", actor=actor) if force else None
    with db.transaction() as session:
        require(session, actor, Permission.ADMINISTER)
        cleared: list[str] = []
        if force:
            cleared = _clear(session, actor, previous)
        summary = import_read(session, workbook, actor=actor, dry_run=False, tracker=tracker)
    return replace(summary, warnings=(*cleared, *summary.warnings))


def _clear(session: Session, actor: str, previous: Path | None) -> list[str]:
    """Delete all data but accounts and the audit log; the lines saying what went."""
    counts = {
        table.name: count
        for table in Base.metadata.sorted_tables
        if table.name not in KEPT_TABLES
        and (count := session.scalar(select(func.count()).select_from(table)))
    }
    assignments = session.execute(
        select(User.name, Chain.name)
        .join(UserChain, UserChain.user_id == User.id)
        .join(Chain, Chain.id == UserChain.chain_id)
        .order_by(User.name, Chain.name)
    ).all()
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in KEPT_TABLES:
            session.execute(delete(table))
    session.execute(delete(UserChain))
    audit.record(
        session,
        user=actor,
        action="replace",
        entity="database",
        key=DEMO_SOURCE_NAME,
        changes={
            "previous_state": [None, str(previous) if previous else None],
            "cleared": [counts, None],
            "user_chains": [[f"{user}: {chain}" for user, chain in assignments], []],
        },
    )
    lines = [
        _("Cleared: {tables}.").format(
            tables=", ".join(f"{name} {count}" for name, count in counts.items())
        )
    ]
    if assignments:
        lines.append(
            _("Users no longer assigned to the cleared chains: {pairs}").format(
                pairs="、".join(f"{user}（{chain}）" for user, chain in assignments)
            )
        )
    return lines
