"""Action items (督办事项): create from resolutions, list with their lights, the JSON contract.

The steps of the supervision loop (签收, 进展, 办结, 复核, 延期, 取消) are ``services.supervision``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.clock import today
from chainchief.domain.enums import ActionStatus, ExtensionDecision
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.domain.lights import Light, LightRules, days_overdue, light
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.admin.settings import light_rules
from chainchief.services.kernel.names import department_id, person_id
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionExtension,
    ActionItem,
    Chain,
    Department,
    Meeting,
    Person,
    ProgressNote,
)


@dataclass(frozen=True)
class ActionRow:
    id: int
    version: int
    chain: str
    item: str
    department: str | None
    owner: str | None
    due: dt.date | None
    original_due: dt.date | None
    """The first deadline: ``due`` itself until an extension moved it."""
    status: ActionStatus
    completion_note: str | None
    common_issue: bool
    days_overdue: int
    due_soon: bool
    light: Light | None
    extensions: int
    """Extensions approved."""
    extension_pending: bool
    meeting_quarter: str | None
    closed_on: dt.date | None

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class ActionFilter:
    chain: str | None = None
    department: str | None = None
    status: ActionStatus | None = None
    quarter: str | None = None
    common_issue: bool | None = None
    overdue_only: bool = False
    open_only: bool = False
    light: Light | None = None
    ids: tuple[int, ...] | None = None
    """Only these items: the ones a step just changed, read again."""


def list_actions(db: Database, where: ActionFilter | None = None) -> list[ActionRow]:
    """Action items by chain name, then due date (undated last), then item text."""
    with db.transaction() as session:
        return query_actions(session, where or ActionFilter(), today())


def is_due_soon(row_due: dt.date | None, status: ActionStatus, on: dt.date, days: int) -> bool:
    """Open and due within ``days`` (today and the last day included)."""
    return (
        row_due is not None
        and not status.is_closed
        and on <= row_due <= on + dt.timedelta(days=days)
    )


def query_actions(session: Session, where: ActionFilter, on: dt.date) -> list[ActionRow]:
    rules = light_rules(session)
    owner = aliased(Person)
    approved = (
        select(func.count(ActionExtension.id))
        .where(
            ActionExtension.action_id == ActionItem.id,
            ActionExtension.decision == ExtensionDecision.APPROVED.value,
        )
        .scalar_subquery()
    )
    pending = (
        select(func.count(ActionExtension.id))
        .where(
            ActionExtension.action_id == ActionItem.id,
            ActionExtension.decision == ExtensionDecision.PENDING.value,
        )
        .scalar_subquery()
    )
    query = (
        select(
            ActionItem, Chain.name, Department.name, owner.name, Meeting.quarter, approved, pending
        )
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
    if where.ids is not None:
        query = query.where(ActionItem.id.in_(where.ids))
    rows = []
    for action, chain, department, owner_name, quarter, extensions, waiting in session.execute(
        query
    ):
        row = _row(action, chain, department, owner_name, quarter, extensions, waiting, on, rules)
        if where.overdue_only and not row.overdue:
            continue
        if where.open_only and row.status.is_closed:
            continue
        if where.light is not None and row.light is not where.light:
            continue
        rows.append(row)
    rows.sort(key=lambda r: (r.chain, r.due is None, r.due or dt.date.min, r.item))
    return rows


def _row(
    action: ActionItem,
    chain: str,
    department: str | None,
    owner_name: str | None,
    quarter: str | None,
    extensions: int,
    waiting: int,
    on: dt.date,
    rules: LightRules,
) -> ActionRow:
    status = ActionStatus(action.status)
    return ActionRow(
        id=action.id,
        version=action.version,
        chain=chain,
        item=action.item,
        department=department,
        owner=owner_name,
        due=action.due,
        original_due=action.original_due or action.due,
        status=status,
        completion_note=action.completion_note,
        common_issue=action.common_issue,
        days_overdue=days_overdue(action.due, status, on),
        due_soon=is_due_soon(action.due, status, on, rules.remind_days),
        light=light(status, action.due, extensions, on, rules),
        extensions=extensions,
        extension_pending=waiting > 0,
        meeting_quarter=quarter,
        closed_on=action.closed_on,
    )


def approved_extensions(session: Session) -> dict[int, int]:
    """Approved extensions per action-item id (items without any are absent)."""
    rows = session.execute(
        select(ActionExtension.action_id, func.count(ActionExtension.id))
        .where(ActionExtension.decision == ExtensionDecision.APPROVED.value)
        .group_by(ActionExtension.action_id)
    )
    return {action_id: count for action_id, count in rows}


class LightOf:
    """The light of items read elsewhere (pack, agenda, map), by the settings' rules."""

    def __init__(self, session: Session, on: dt.date) -> None:
        self._rules = light_rules(session)
        self._extensions = approved_extensions(session)
        self._on = on

    def __call__(self, action_id: int, status: ActionStatus, due: dt.date | None) -> Light | None:
        return light(status, due, self._extensions.get(action_id, 0), self._on, self._rules)


def actions_to_json(rows: list[ActionRow]) -> dict[str, object]:
    """The ``actions --json`` document of DESIGN.md §3, with the lights of §6."""
    return {
        "actions": [
            {
                "chain": row.chain,
                "item": row.item,
                "department": row.department,
                "owner": row.owner,
                "due": row.due.isoformat() if row.due else None,
                "original_due": row.original_due.isoformat() if row.original_due else None,
                "status": row.status.value,
                "light": row.light.value if row.light else None,
                "extensions": row.extensions,
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
    needs_chief: bool = False
    """需链长协调: put before the chain chief at the next meeting."""


def create_action(
    db: Database, chain: str, resolution: Resolution, *, actor: str, meeting_id: int | None = None
) -> int:
    """Record one resolution as an assigned action item of the chain; returns its id.

    A resolution of a meeting is due after that meeting: a deadline on or before the meeting
    day would be overdue the moment it is decided.
    """
    text = resolution.item.strip()
    if not text:
        raise RuleViolation(_("An action item needs a text saying what is to be done."))
    with db.transaction() as session:
        held_on = (
            session.scalar(select(Meeting.date).where(Meeting.id == meeting_id))
            if meeting_id is not None
            else None
        )
        if held_on is not None and resolution.due is not None and resolution.due <= held_on:
            raise RuleViolation(
                _("The deadline must fall after the meeting ({day}).").format(day=held_on)
            )
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
            status=ActionStatus.ASSIGNED.value,
            common_issue=resolution.common_issue,
            needs_chief=resolution.needs_chief,
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
            changes={"status": [None, ActionStatus.ASSIGNED.value]},
        )
        return action.id


def progress_notes(db: Database, action_id: int) -> list[tuple[dt.date, str, str | None]]:
    with db.transaction() as session:
        rows = session.execute(
            select(ProgressNote.day, ProgressNote.text, ProgressNote.author)
            .where(ProgressNote.action_id == action_id)
            .order_by(ProgressNote.day, ProgressNote.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]
