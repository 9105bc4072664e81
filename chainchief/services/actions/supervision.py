"""The steps of the supervision loop (督办闭环) on one action item, each its own transaction.

Every step takes the acting user's name: the permission check (members and leads of the
item's chain for 签收, 进展, 申请办结 and 申请延期; its lead or an admin for 复核, 退回, 取消 and
延期审批; an admin for a third extension) runs first, then the loop's rule
(``domain.supervision``), then the change, its step record and its audit entry commit together.
A refused step writes nothing. The department fill-in packs call these same functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainchief.domain.clock import today
from chainchief.domain.enums import ActionStatus, ExtensionDecision
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.domain.supervision import (
    AUTHORITY,
    Authority,
    Step,
    check_text,
    extension_authority,
    next_status,
)
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.store.conflicts import check_version
from chainchief.store.db import Database
from chainchief.store.models import ActionExtension, ActionItem, ActionStep, Chain, ProgressNote

PERMISSION = {
    Authority.TEAM: Permission.EDIT_WORK,
    Authority.LEAD: Permission.SUPERVISE,
    Authority.ADMIN: Permission.ADMINISTER,
}


@dataclass(frozen=True)
class HistoryEntry:
    """One line of an item's history: a step or a progress report, in the order they came."""

    day: dt.date
    step: Step
    actor: str | None
    text: str | None
    to_status: ActionStatus | None


@dataclass(frozen=True)
class ExtensionRow:
    id: int
    requested_on: dt.date
    requested_by: str | None
    old_due: dt.date | None
    new_due: dt.date
    reason: str
    decision: ExtensionDecision
    decided_on: dt.date | None
    decided_by: str | None
    decision_note: str | None


def acknowledge(
    db: Database, action_id: int, *, actor: str, expected_version: int | None = None
) -> None:
    """签收: the responsible department takes the item on."""
    _plain_step(db, action_id, Step.ACKNOWLEDGE, None, actor, expected_version)


def report_progress(
    db: Database,
    action_id: int,
    text: str,
    *,
    actor: str,
    day: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """A dated progress report; the first one on an acknowledged item starts the work.

    ``day`` (default today) may lie in the past — a department reporting late — never ahead."""
    report = check_text(Step.REPORT_PROGRESS, text)
    if day is not None and day > today():
        raise RuleViolation(
            _("A progress report cannot be dated after today ({day}).").format(
                day=today().isoformat()
            )
        )
    with db.transaction() as session:
        action, key = _locked(session, action_id, Step.REPORT_PROGRESS, actor, expected_version)
        add_progress(session, action, key, report, actor=actor, day=day or today())


def add_progress(
    session: Session, action: ActionItem, key: str, report: str, *, actor: str, day: dt.date
) -> None:
    """A progress report inside the caller's transaction, whose permission check has passed."""
    old = ActionStatus(action.status)
    new = next_status(Step.REPORT_PROGRESS, old)
    session.add(ProgressNote(action_id=action.id, day=day, text=report, author=actor))
    changes: audit.Changes = {"note": [None, report]}
    if new is not old:
        action.status = new.value
        action.updated_by = actor
        changes["status"] = [old.value, new.value]
    audit.record(session, user=actor, action="edit", entity="action", key=key, changes=changes)


def request_completion(
    db: Database, action_id: int, report: str, *, actor: str, expected_version: int | None = None
) -> None:
    """申请办结: the department reports the work done; ``report`` becomes the completion note."""
    _plain_step(db, action_id, Step.REQUEST_COMPLETION, report, actor, expected_version)


def verify(
    db: Database,
    action_id: int,
    *,
    actor: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> None:
    """复核通过: the lead accepts the completion report and the item is done."""
    _plain_step(db, action_id, Step.VERIFY, note, actor, expected_version)


def return_item(
    db: Database, action_id: int, reason: str, *, actor: str, expected_version: int | None = None
) -> None:
    """退回: the completion report is not accepted; the work goes on, for ``reason``."""
    _plain_step(db, action_id, Step.RETURN, reason, actor, expected_version)


def cancel(
    db: Database, action_id: int, reason: str, *, actor: str, expected_version: int | None = None
) -> None:
    """取消: the item is dropped, for ``reason`` (kept as its completion note)."""
    _plain_step(db, action_id, Step.CANCEL, reason, actor, expected_version)


def request_extension(
    db: Database,
    action_id: int,
    new_due: dt.date,
    reason: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> int:
    """申请延期 to ``new_due``; the status stays, the deadline moves only when approved."""
    text = check_text(Step.REQUEST_EXTENSION, reason)
    with db.transaction() as session:
        action, key = _locked(session, action_id, Step.REQUEST_EXTENSION, actor, expected_version)
        return add_extension_request(session, action, key, new_due, text, actor=actor)


def add_extension_request(
    session: Session, action: ActionItem, key: str, new_due: dt.date, reason: str, *, actor: str
) -> int:
    """申请延期 inside the caller's transaction, whose permission check has passed."""
    text = check_text(Step.REQUEST_EXTENSION, reason)
    status = next_status(Step.REQUEST_EXTENSION, ActionStatus(action.status))
    if action.due is None:
        raise RuleViolation(_("This action item has no deadline to extend."))
    if new_due <= action.due:
        raise RuleViolation(
            _("The new deadline must come after the current one ({due}).").format(
                due=action.due.isoformat()
            )
        )
    if _pending(session, action.id) is not None:
        raise RuleViolation(_("An extension request for this item awaits a decision."))
    request = ActionExtension(
        action_id=action.id,
        requested_on=today(),
        requested_by=actor,
        old_due=action.due,
        new_due=new_due,
        reason=text,
        decision=ExtensionDecision.PENDING.value,
    )
    session.add(request)
    _record_step(session, action, Step.REQUEST_EXTENSION, actor, status, status, text)
    action.updated_by = actor
    session.flush()
    audit.record(
        session,
        user=actor,
        action="edit",
        entity="action_extension",
        key=key,
        changes={"requested_due": [action.due, new_due], "reason": [None, text]},
    )
    return request.id


def decide_extension(
    db: Database,
    action_id: int,
    approve: bool,
    *,
    actor: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> None:
    """批准 or 驳回 the pending extension request; approval moves ``due`` and keeps the first."""
    step = Step.APPROVE_EXTENSION if approve else Step.REFUSE_EXTENSION
    text = check_text(step, note)
    with db.transaction() as session:
        action, key = _locked(session, action_id, step, actor, expected_version)
        if approve and extension_authority(_approved_count(session, action_id)) is Authority.ADMIN:
            require(session, actor, PERMISSION[Authority.ADMIN], [action.chain_id])
        status = next_status(step, ActionStatus(action.status))
        request = _pending(session, action_id)
        if request is None:
            raise RuleViolation(_("This action item has no extension request to decide."))
        decision = ExtensionDecision.APPROVED if approve else ExtensionDecision.REFUSED
        request.decision = decision.value
        request.decided_on = today()
        request.decided_by = actor
        request.decision_note = text or None
        changes: audit.Changes = {"decision": [ExtensionDecision.PENDING.value, decision.value]}
        if approve:
            if action.original_due is None:
                action.original_due = action.due
            changes["due"] = [audit.plain(action.due), request.new_due.isoformat()]
            action.due = request.new_due
        action.updated_by = actor
        _record_step(session, action, step, actor, status, status, text)
        audit.record(
            session, user=actor, action="edit", entity="action_extension", key=key, changes=changes
        )


def history(db: Database, action_id: int) -> list[HistoryEntry]:
    """The item's steps and progress reports, oldest first."""
    with db.transaction() as session:
        steps = session.execute(
            select(
                ActionStep.day,
                ActionStep.created_at,
                ActionStep.step,
                ActionStep.actor,
                ActionStep.text,
                ActionStep.to_status,
            ).where(ActionStep.action_id == action_id)
        ).all()
        notes = session.execute(
            select(
                ProgressNote.day, ProgressNote.created_at, ProgressNote.author, ProgressNote.text
            ).where(ProgressNote.action_id == action_id)
        ).all()
    entries = [
        (day, at, HistoryEntry(day, Step(step), actor, text, ActionStatus(to_status)))
        for day, at, step, actor, text, to_status in steps
    ]
    entries += [
        (day, at, HistoryEntry(day, Step.REPORT_PROGRESS, author, text, None))
        for day, at, author, text in notes
    ]
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    return [entry for _day, _at, entry in entries]


def extension_requests(db: Database, action_id: int) -> list[ExtensionRow]:
    """The item's extension requests, oldest first."""
    with db.transaction() as session:
        rows = session.scalars(
            select(ActionExtension)
            .where(ActionExtension.action_id == action_id)
            .order_by(ActionExtension.id)
        ).all()
        return [
            ExtensionRow(
                id=row.id,
                requested_on=row.requested_on,
                requested_by=row.requested_by,
                old_due=row.old_due,
                new_due=row.new_due,
                reason=row.reason,
                decision=ExtensionDecision(row.decision),
                decided_on=row.decided_on,
                decided_by=row.decided_by,
                decision_note=row.decision_note,
            )
            for row in rows
        ]


def _plain_step(
    db: Database,
    action_id: int,
    step: Step,
    text: str | None,
    actor: str,
    expected_version: int | None,
) -> None:
    """A step that moves the status and may carry a text (report, reason, note)."""
    said = check_text(step, text)
    with db.transaction() as session:
        action, key = _locked(session, action_id, step, actor, expected_version)
        take_step(session, action, key, step, said, actor=actor)


def take_step(
    session: Session, action: ActionItem, key: str, step: Step, text: str | None, *, actor: str
) -> None:
    """A status step inside the caller's transaction, whose permission check has passed."""
    said = check_text(step, text)
    old = ActionStatus(action.status)
    new = next_status(step, old)
    action.status = new.value
    action.updated_by = actor
    changes: audit.Changes = {"status": [old.value, new.value]}
    if step in (Step.REQUEST_COMPLETION, Step.CANCEL):
        changes["completion_note"] = [action.completion_note, said]
        action.completion_note = said
    if new.is_closed:
        action.closed_on = today()
    _record_step(session, action, step, actor, old, new, said)
    if said and "completion_note" not in changes:
        changes["reason"] = [None, said]
    audit.record(session, user=actor, action="edit", entity="action", key=key, changes=changes)


def _locked(
    session: Session,
    action_id: int,
    step: Step,
    actor: str,
    expected_version: int | None,
) -> tuple[ActionItem, str]:
    """The item and its audit key, read after the permission check took the write lock."""
    found = session.execute(
        select(ActionItem.chain_id, Chain.name)
        .join(Chain, Chain.id == ActionItem.chain_id)
        .where(ActionItem.id == action_id)
    ).first()
    if found is None:
        raise NotFoundError(_("This action item no longer exists."))
    chain_id, chain = found
    require(session, actor, PERMISSION[AUTHORITY[step]], [chain_id])
    action = session.get(ActionItem, action_id)
    if action is None:
        raise NotFoundError(_("This action item no longer exists."))
    check_version(action, expected_version)
    return action, f"{chain}/{action.item}"


def _record_step(
    session: Session,
    action: ActionItem,
    step: Step,
    actor: str,
    old: ActionStatus,
    new: ActionStatus,
    text: str,
) -> None:
    session.add(
        ActionStep(
            action_id=action.id,
            step=step.value,
            day=today(),
            actor=actor,
            from_status=old.value,
            to_status=new.value,
            text=text or None,
        )
    )


def _pending(session: Session, action_id: int) -> ActionExtension | None:
    return session.scalar(
        select(ActionExtension).where(
            ActionExtension.action_id == action_id,
            ActionExtension.decision == ExtensionDecision.PENDING.value,
        )
    )


def _approved_count(session: Session, action_id: int) -> int:
    return (
        session.scalar(
            select(func.count(ActionExtension.id)).where(
                ActionExtension.action_id == action_id,
                ActionExtension.decision == ExtensionDecision.APPROVED.value,
            )
        )
        or 0
    )
