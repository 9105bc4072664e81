"""Issuing the supervision documents: the quarterly 通报 and the departments' 督办通知单.

Each issue is one transaction: the permission check (an admin: documents speak for the whole
zone), the facts, a number from the register (``链办〔2026〕N号``, N counting up per year),
the file written, the register row and the audit entry. A failed write rolls the number back,
so the register never names a document that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainchief.domain.clock import today
from chainchief.domain.errors import RuleViolation
from chainchief.domain.lights import Light
from chainchief.domain.quarters import Quarter
from chainchief.domain.scores import ScoredItem, score_row
from chainchief.domain.settings import (
    CIRCULAR_ISSUER,
    CIRCULAR_NUMBER_PREFIX,
    SUPERVISION_REPLY_DAYS,
)
from chainchief.domain.supervision import OPEN_STATUSES
from chainchief.exchange.official_text import OfficialDocument
from chainchief.exchange.supervision_documents import (
    ChainStanding,
    CircularFacts,
    LitItem,
    Masthead,
    circular_document,
    circular_title,
    document_number,
    notice_document,
    notice_file_name,
)
from chainchief.i18n import _
from chainchief.services.actions.items import ActionFilter, ActionRow, query_actions
from chainchief.services.actions.scores import read_scores
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.admin.settings import read_setting, read_settings, setting_or_default
from chainchief.services.chains.chain_map import navigator_rows
from chainchief.services.meetings.plan import workday_calendar
from chainchief.store.db import Database
from chainchief.store.models import IssuedDocument


@dataclass(frozen=True)
class Issued:
    number: str
    path: Path
    title: str
    department: str | None = None


def issue_circular(db: Database, quarter: Quarter, target: str | Path, *, actor: str) -> Issued:
    """Write the quarter's 通报 to ``target`` and register its number."""
    completeness = {row.chain: row.completeness for row in navigator_rows(db)}
    with db.transaction() as session:
        require(session, actor, Permission.ADMINISTER)
        day = today()
        facts = _circular_facts(session, quarter, day, completeness)
        title = circular_title(quarter)
        masthead, number = _masthead(session, day)
        _write(circular_document(facts, masthead), target)
        _register(session, masthead, number, "circular", title, actor)
        return Issued(masthead.number, Path(target), title)


def issue_notices(
    db: Database, folder: str | Path, *, actor: str, department: str | None = None
) -> list[Issued]:
    """One 督办通知单 per department with lit items (or only ``department``), into ``folder``."""
    with db.transaction() as session:
        require(session, actor, Permission.ADMINISTER)
        day = today()
        by_department = _lit_by_department(session, day)
        if department is not None:
            by_department = {department: by_department.get(department, [])}
            if not by_department[department]:
                raise RuleViolation(
                    _("{department} has no blue, yellow or red action item.").format(
                        department=department
                    )
                )
        reply_days = read_setting(session, SUPERVISION_REPLY_DAYS)
        reply_by = working_days_after(session, day, reply_days)
        issued = []
        for name in sorted(by_department):
            items = tuple(by_department[name])
            masthead, number = _masthead(session, day)
            document = notice_document(name, items, reply_by, masthead)
            path = Path(folder) / notice_file_name(name, day)
            _write(document, path)
            _register(session, masthead, number, "notice", f"{document.title}（{name}）", actor)
            issued.append(Issued(masthead.number, path, document.title, name))
        return issued


def _write(document: OfficialDocument, target: str | Path) -> None:
    """python-docx is loaded only when a document is written, not with every command."""
    from chainchief.exchange.official_document import write_official_document

    write_official_document(document, target)


def _circular_facts(
    session: Session, quarter: Quarter, day: dt.date, completeness: dict[str, float]
) -> CircularFacts:
    scores = read_scores(session, quarter, day)
    rows = query_actions(session, ActionFilter(), day)
    chains = sorted(
        (
            ChainStanding(
                name=row.name,
                items_due=row.items_due,
                done_on_time=row.done_on_time,
                on_time_rate=row.on_time_rate,
                completeness=completeness.get(row.name, 0.0),
                completeness_change=None,
                red_now=row.red_now,
            )
            for row in scores.chains
        ),
        key=lambda c: (c.on_time_rate is None, -(c.on_time_rate or 0), -c.completeness, c.name),
    )
    departments = sorted(
        scores.departments,
        key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.score, r.name),
    )
    return CircularFacts(
        quarter=quarter,
        as_of=day,
        weights=scores.weights,
        totals=score_row("", (_scored(row) for row in rows), quarter, scores.weights),
        chains=tuple(chains),
        departments=tuple(departments),
        red_items=tuple(
            _lit(row)
            for row in sorted(rows, key=lambda r: (-r.days_overdue, r.chain, r.item))
            if row.light is Light.RED
        ),
    )


def _scored(row: ActionRow) -> ScoredItem:
    return ScoredItem(
        first_due=row.original_due,
        status=row.status,
        closed_on=row.closed_on,
        overdue=row.overdue,
        light=row.light,
        extensions=row.extensions,
    )


def _lit(row: ActionRow) -> LitItem:
    assert row.light is not None
    return LitItem(
        chain=row.chain,
        item=row.item,
        department=row.department,
        due=row.due,
        original_due=row.original_due,
        days_overdue=row.days_overdue,
        extensions=row.extensions,
        light=row.light,
    )


def _lit_by_department(session: Session, day: dt.date) -> dict[str, list[LitItem]]:
    """Open items with a light, by responsible department, worst and latest first."""
    found: dict[str, list[LitItem]] = defaultdict(list)
    rows = [
        row
        for row in query_actions(session, ActionFilter(open_only=True), day)
        if row.light is not None and row.status in OPEN_STATUSES
    ]
    rows.sort(key=lambda r: (-(r.light.severity if r.light else 0), -r.days_overdue, r.item))
    for row in rows:
        found[row.department or "未定部门"].append(_lit(row))
    return found


def working_days_after(session: Session, day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (the project's calendar and overrides)."""
    calendar = workday_calendar(session)
    current = day
    while count:
        current += dt.timedelta(days=1)
        if calendar.is_working(current):
            count -= 1
    return current


def _masthead(session: Session, day: dt.date) -> tuple[Masthead, int]:
    """Issuer and the year's next number (an unset setting falls back to its default)."""
    settings = read_settings(session)
    last = session.scalar(
        select(func.max(IssuedDocument.number)).where(IssuedDocument.year == day.year)
    )
    number = (last or 0) + 1
    prefix = setting_or_default(settings, CIRCULAR_NUMBER_PREFIX.key)
    masthead = Masthead(
        issuer=setting_or_default(settings, CIRCULAR_ISSUER.key),
        number=document_number(prefix, day.year, number),
        day=day,
    )
    return masthead, number


def _register(
    session: Session, masthead: Masthead, number: int, kind: str, title: str, actor: str
) -> None:
    session.add(
        IssuedDocument(
            year=masthead.day.year,
            number=number,
            kind=kind,
            title=title,
            issued_on=masthead.day,
            issued_by=actor,
        )
    )
    session.flush()
    audit.record(
        session,
        user=actor,
        action="issue",
        entity="document",
        key=masthead.number,
        changes={"title": [None, title]},
    )
