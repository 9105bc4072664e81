"""The action-item loop (督办事项): create from resolutions, progress, close, list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.actions import Urgency, check_status_change, is_due_soon, is_overdue, urgency
from chainchief.domain.clock import today
from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.kernel.names import department_id, person_id
from chainchief.store.conflicts import check_version
from chainchief.store.db import Database
from chainchief.store.models import ActionItem, Chain, Department, Meeting, Person, ProgressNote


@dataclass(frozen=True)
class ActionRow:
    id: int
    version: int
    chain: str
    item: str
    department: str | None
    owner: str | None
    due: dt.date | None
    status: ActionStatus
    completion_note: str | None
    common_issue: bool
    overdue: bool
    due_soon: bool
    urgency: Urgency
    meeting_quarter: str | None
    closed_on: dt.date | None


@dataclass(frozen=True)
class ActionFilter:
    chain: str | None = None
    department: str | None = None
    status: ActionStatus | None = None
    quarter: str | None = None
    common_issue: bool | None = None
    overdue_only: bool = False
    open_only: bool = False


def list_actions(db: Database, where: ActionFilter | None = None) -> list[ActionRow]:
    """Action items by chain name, then due date (undated last), then item text."""
    with db.transaction() as session:
        return query_actions(session, where or ActionFilter(), today())


def query_actions(session: Session, where: ActionFilter, on: dt.date) -> list[ActionRow]:
    owner = aliased(Person)
    query = (
        select(ActionItem, Chain.name, Department.name, owner.name, Meeting.quarter)
        .join(Chain, Chain.id == ActionItem.chain_id)
        .outerjoin(Department, Department.id == ActionItem.department_id)
        .outerjoin(owner, owner.id == ActionItem.owner_id)
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
    )
    if where.chain is not None:
        query = query.where(Chain.name == where.chain)
    if where.department is not None:
        query = query.where(Department.name == where.department)
    if where.status is not None:
        query = query.where(ActionItem.status == where.status.value)
    if where.quarter is not None:
        query = query.where(Meeting.quarter == where.quarter)
    if where.common_issue is not None:
        query = query.where(ActionItem.common_issue == where.common_issue)
    rows = []
    for action, chain, department, owner_name, quarter in session.execute(query):
        status = ActionStatus(action.status)
        overdue = is_overdue(action.due, status, on)
        if where.overdue_only and not overdue:
            continue
        if where.open_only and status.is_closed:
            continue
        rows.append(
            ActionRow(
                id=action.id,
                version=action.version,
                chain=chain,
                item=action.item,
                department=department,
                owner=owner_name,
                due=action.due,
                status=status,
                completion_note=action.completion_note,
                common_issue=action.common_issue,
                overdue=overdue,
                due_soon=is_due_soon(action.due, status, on),
                urgency=urgency(action.due, status, on),
                meeting_quarter=quarter,
                closed_on=action.closed_on,
            )
        )
    rows.sort(key=lambda r: (r.chain, r.due is None, r.due or dt.date.min, r.item))
    return rows


def actions_to_json(rows: list[ActionRow]) -> dict[str, object]:
    """The ``actions --json`` document of DESIGN.md §3."""
    return {
        "actions": [
            {
                "chain": row.chain,
                "item": row.item,
                "department": row.department,
                "owner": row.owner,
                "due": row.due.isoformat() if row.due else None,
                "status": row.status.value,
                "overdue": row.overdue,
                "due_soon": row.due_soon,
                "common_issue": row.common_issue,
            }
            for row in rows
        ]
    }


@dataclass(frozen=True)
class Resolution:
    """A meeting resolution to follow up: what, who is accountable, by when."""

    item: str
    department: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    common_issue: bool = False


def create_action(
    db: Database, chain: str, resolution: Resolution, *, actor: str, meeting_id: int | None = None
) -> int:
    """Record one resolution as an open action item of the chain; returns its id."""
    text = resolution.item.strip()
    if not text:
        raise RuleViolation(_("An action item needs a text saying what is to be done."))
    with db.transaction() as session:
        chain_id = session.scalar(select(Chain.id).where(Chain.name == chain))
        if chain_id is None:
            raise NotFoundError(_("Unknown chain: {chain}").format(chain=chain))
        require(session, actor, Permission.EDIT_WORK, [chain_id])
        duplicate = session.scalar(
            select(ActionItem.id).where(ActionItem.chain_id == chain_id, ActionItem.item == text)
        )
        if duplicate is not None:
            raise RuleViolation(
                _("The chain already has this action item: {item}").format(item=text)
            )
        action = ActionItem(
            chain_id=chain_id,
            meeting_id=meeting_id,
            item=text,
            department_id=department_id(session, resolution.department),
            owner_id=person_id(session, resolution.owner),
            due=resolution.due,
            status=ActionStatus.OPEN.value,
            common_issue=resolution.common_issue,
            updated_by=actor,
        )
        session.add(action)
        session.flush()
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="action",
            key=f"{chain}/{text}",
            changes={"status": [None, ActionStatus.OPEN.value]},
        )
        return action.id


def _locked(
    session: Session, action_id: int, expected_version: int | None, actor: str
) -> ActionItem:
    """The item to change, read after the permission check took the write lock."""
    chain_id = session.scalar(select(ActionItem.chain_id).where(ActionItem.id == action_id))
    if chain_id is None:
        raise NotFoundError(_("This action item no longer exists."))
    require(session, actor, Permission.EDIT_WORK, [chain_id])
    action = session.get(ActionItem, action_id)
    if action is None:
        raise NotFoundError(_("This action item no longer exists."))
    check_version(action, expected_version)
    return action


def change_status(
    db: Database,
    action_id: int,
    status: ActionStatus,
    *,
    actor: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> None:
    """Move an item to ``status``; closing needs ``note`` (kept as its completion note)."""
    check_status_change(status, note)
    with db.transaction() as session:
        action = _locked(session, action_id, expected_version, actor)
        old = action.status
        action.status = status.value
        action.updated_by = actor
        if status.is_closed:
            action.completion_note = (note or "").strip()
            action.closed_on = today()
        else:
            action.closed_on = None
        if note and not status.is_closed:
            session.add(ProgressNote(action_id=action_id, day=today(), text=note, author=actor))
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="action",
            key=str(action_id),
            changes={"status": [old, status.value]},
        )


def add_progress_note(
    db: Database, action_id: int, text: str, *, actor: str, day: dt.date | None = None
) -> None:
    """A dated line of progress; an untouched item moves to in progress."""
    if not text.strip():
        raise RuleViolation(_("A progress note cannot be empty."))
    with db.transaction() as session:
        action = _locked(session, action_id, None, actor)
        session.add(
            ProgressNote(action_id=action_id, day=day or today(), text=text.strip(), author=actor)
        )
        if action.status == ActionStatus.OPEN.value:
            action.status = ActionStatus.IN_PROGRESS.value
            action.updated_by = actor
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="action_note",
            key=str(action_id),
            changes={"note": [None, text.strip()]},
        )


def progress_notes(db: Database, action_id: int) -> list[tuple[dt.date, str, str | None]]:
    with db.transaction() as session:
        rows = session.execute(
            select(ProgressNote.day, ProgressNote.text, ProgressNote.author)
            .where(ProgressNote.action_id == action_id)
            .order_by(ProgressNote.day, ProgressNote.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]
