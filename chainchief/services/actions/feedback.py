"""Departments report back offline: fill-in packs sent out (collect) and merged back.

``collect_packs`` writes one 督办反馈表 per department with open items and registers each pack.
``merge_packs`` takes the returned files one by one, each in its own transaction: the file is
read and checked (all-or-nothing), the merging user must be a lead or an admin, and the rows
are applied through the supervision loop recorded as the department — 签收 first, then the
progress report, then 申请办结 or 申请延期. An item changed in the app since the pack was
written is a conflict: its text is kept as a progress report marked 冲突, its status is left.
A refused file writes nothing, not even an audit entry; a file merged before (same checksum)
is reported ``already_merged`` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.clock import today
from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import CellError, ImportRefused, UserError
from chainchief.domain.quarters import Quarter
from chainchief.domain.supervision import Step
from chainchief.exchange import feedback_pack as pack_file
from chainchief.fileio import atomic_path
from chainchief.i18n import _
from chainchief.services.actions.documents import working_days_after
from chainchief.services.actions.items import ActionFilter, query_actions
from chainchief.services.actions.supervision import add_extension_request, add_progress, take_step
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.admin.settings import read_settings, setting_or_default
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    Chain,
    Department,
    FeedbackKey,
    FeedbackMerge,
    FeedbackPack,
    ProgressNote,
)

Result = Literal["applied", "refused", "already_merged"]
CONFLICT_MARK = "【冲突】"


@dataclass(frozen=True)
class WrittenPack:
    department: str
    path: Path
    items: int


@dataclass(frozen=True)
class Conflict:
    id: int
    item: str
    reason: str


@dataclass
class MergeResult:
    """What became of one returned file; ``errors`` read ``文件 工作表!行:列 原因``."""

    file: str
    department: str | None = None
    result: Result = "refused"
    applied: int = 0
    steps: list[str] = field(default_factory=list)
    """Per item applied, the steps taken: ``#4 事项：签收、进展、申请办结``."""
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class _Rollback(Exception):
    """Ends a dry run's transaction without committing what it did."""


def collect_packs(
    db: Database, quarter: Quarter, folder: str | Path, *, actor: str
) -> list[WrittenPack]:
    """One pack per department with open items into ``folder``, registered in the database."""
    with db.transaction() as session:
        require(session, actor, Permission.SUPERVISE)
        day = today()
        key = _key(session)
        settings = read_settings(session)
        reply_by = working_days_after(session, day, int(settings["supervision.reply_days"]))
        issuer = setting_or_default(settings, "circular.issuer")
        return_to = f"{issuer}（{actor}）"
        by_department: dict[str, list[pack_file.PackItem]] = defaultdict(list)
        rows = query_actions(session, ActionFilter(open_only=True), day)
        rows.sort(key=lambda r: (-r.days_overdue, r.due or dt.date.max, r.chain, r.item))
        for row in rows:
            if row.department is None or row.status.is_closed:
                continue
            by_department[row.department].append(
                pack_file.PackItem(
                    id=row.id,
                    version=row.version,
                    chain=row.chain,
                    item=row.item,
                    due=row.due,
                    status=row.status.file_value,
                )
            )
        written = []
        for department in sorted(by_department):
            items = by_department[department]
            header = pack_file.PackHeader(
                pack_id=str(uuid.uuid4()),
                database_id=key.database_id,
                department=department,
                quarter=str(quarter),
                written_on=day,
            )
            path = Path(folder) / pack_file.file_name(department, str(quarter))
            with atomic_path(path) as temporary:
                pack_file.write_feedback_pack(
                    header, items, key.secret, temporary, reply_by=reply_by, return_to=return_to
                )
            session.add(
                FeedbackPack(
                    pack_id=header.pack_id,
                    department=department,
                    quarter=header.quarter,
                    written_on=day,
                    written_by=actor,
                )
            )
            audit.record(
                session,
                user=actor,
                action="collect",
                entity="feedback_pack",
                key=path.name,
                changes={"department": [None, department], "items": [None, len(items)]},
            )
            written.append(WrittenPack(department, path, len(items)))
        return written


def merge_packs(
    db: Database, paths: Sequence[str | Path], *, actor: str, dry_run: bool = False
) -> list[MergeResult]:
    """Each file merged (or, with ``dry_run``, judged) on its own; see the module docstring."""
    return [merge_pack(db, Path(path), actor=actor, dry_run=dry_run) for path in paths]


def merge_pack(db: Database, path: Path, *, actor: str, dry_run: bool = False) -> MergeResult:
    result = MergeResult(file=path.name)
    try:
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        returned = pack_file.read_feedback_pack(path, today())
        result.department = returned.header.department
        with db.transaction() as session:
            require(session, actor, Permission.SUPERVISE)
            if session.scalar(select(FeedbackMerge.id).where(FeedbackMerge.checksum == checksum)):
                result.result = "already_merged"
                return result
            _check_belongs(session, returned)
            _apply(session, returned, result)
            session.add(
                FeedbackMerge(
                    checksum=checksum,
                    pack_id=returned.header.pack_id,
                    file_name=path.name,
                    merged_by=actor,
                )
            )
            audit.record(
                session,
                user=actor,
                action="merge",
                entity="feedback_pack",
                key=path.name,
                changes={
                    "checksum": [None, checksum],
                    "department": [None, returned.header.department],
                    "applied": [None, result.applied],
                    "conflicts": [None, [c.id for c in result.conflicts]],
                },
            )
            result.result = "applied"
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except ImportRefused as refusal:
        if isinstance(refusal, pack_file.PackRefused):
            result.department = refusal.department
        result.result, result.applied, result.conflicts, result.steps = "refused", 0, [], []
        result.errors = [f"{path.name} {error}" for error in refusal.errors] or [
            f"{path.name} {refusal.message}"
        ]
    except UserError as refusal:
        result.result, result.applied, result.conflicts, result.steps = "refused", 0, [], []
        result.errors = [f"{path.name} {refusal.message}"]
    except OSError as error:
        result.errors = [f"{path.name} {error.strerror or error}"]
    return result


def merge_to_json(results: list[MergeResult]) -> dict[str, Any]:
    return {
        "files": [
            {
                "file": r.file,
                "department": r.department,
                "result": r.result,
                "applied": r.applied,
                "conflicts": [
                    {"id": c.id, "item": c.item, "reason": c.reason} for c in r.conflicts
                ],
                "errors": r.errors,
            }
            for r in results
        ]
    }


def merge_lines(result: MergeResult, *, dry_run: bool) -> list[str]:
    """What became of one file, as the CLI prints it (and the app's preview shows it)."""
    department = result.department or "?"
    if result.result == "already_merged":
        head = _("{file} ({department}): already merged; nothing changed.")
    elif result.result == "refused":
        head = _("{file} ({department}): refused; nothing was written.")
    elif dry_run:
        head = _("{file} ({department}): would apply {applied}, conflicts {conflicts}.")
    else:
        head = _("{file} ({department}): applied {applied}, conflicts {conflicts}.")
    lines = [
        head.format(
            file=result.file,
            department=department,
            applied=result.applied,
            conflicts=len(result.conflicts),
        )
    ]
    lines += [f"  {line}" for line in result.steps]
    lines += [
        "  " + _("conflict #{id} {item}: {reason}").format(id=c.id, item=c.item, reason=c.reason)
        for c in result.conflicts
    ]
    lines += [f"  {error}" for error in result.errors]
    return lines


def _key(session: Session) -> FeedbackKey:
    """The database's identity and signing secret, made on first use."""
    key = session.scalar(select(FeedbackKey))
    if key is None:
        key = FeedbackKey(id=1, database_id=str(uuid.uuid4()), secret=secrets.token_hex(32))
        session.add(key)
        session.flush()
    return key


def _check_belongs(session: Session, returned: pack_file.ReturnedPack) -> None:
    """Refuse a pack of another database, an altered one, or one of a past round."""
    header = returned.header
    key = session.scalar(select(FeedbackKey))
    if key is None or key.database_id != header.database_id:
        raise _refused(_("the pack was written by another database"))
    if not pack_file.signature_holds(returned, key.secret):
        raise _refused(_("the hidden check sheet was altered"))
    sent = session.get(FeedbackPack, header.pack_id)
    if sent is None or sent.department != header.department:
        raise _refused(_("the pack was not written by this database"))
    if session.scalar(select(Department.id).where(Department.name == header.department)) is None:
        raise _refused(
            _("the department {department} no longer exists").format(department=header.department)
        )
    rounds = session.scalars(
        select(FeedbackPack.quarter).where(FeedbackPack.department == header.department)
    ).all()
    latest = max(rounds, key=Quarter.parse)
    if header.quarter != latest:
        raise _refused(
            _("the pack is for {quarter}; {department}'s current pack is for {latest}").format(
                quarter=header.quarter, department=header.department, latest=latest
            )
        )


def _apply(session: Session, returned: pack_file.ReturnedPack, result: MergeResult) -> None:
    department = returned.header.department
    errors: list[CellError] = []
    for row in returned.rows:
        actor = f"{department}（{row.reporter}）" if row.reporter else department
        action = session.get(ActionItem, row.item_id)
        if action is None:
            signed = next(item for item in returned.items if item.id == row.item_id)
            result.conflicts.append(
                Conflict(
                    row.item_id, signed.item, _("deleted in the app since the pack was written")
                )
            )
            continue
        chain = session.get(Chain, action.chain_id)
        key = f"{chain.name if chain else ''}/{action.item}"
        if action.version != row.version:
            _keep_as_conflict(session, action, row, actor)
            result.conflicts.append(Conflict(action.id, action.item, _conflict_reason(action)))
            continue
        try:
            taken = _steps(session, action, key, row, actor)
        except UserError as refusal:
            errors.append(CellError(pack_file.ITEMS_SHEET, row.row, "G", refusal.message))
            continue
        result.applied += 1
        words = "、".join(step.file_value for step in taken)
        result.steps.append(f"#{action.id} {action.item}：{words}")
    if errors:
        raise ImportRefused(_("The returned pack was not merged."), errors)


def _steps(
    session: Session, action: ActionItem, key: str, row: pack_file.FilledRow, actor: str
) -> list[Step]:
    """签收, then the progress report, then 申请办结 or 申请延期 (DESIGN §6); the steps taken."""
    taken = []
    if ActionStatus(action.status) is ActionStatus.ASSIGNED:
        take_step(session, action, key, Step.ACKNOWLEDGE, None, actor=actor)
        taken.append(Step.ACKNOWLEDGE)
    if row.progress and not _already_said(session, action.id, row.progress):
        add_progress(session, action, key, row.progress, actor=actor, day=today())
        taken.append(Step.REPORT_PROGRESS)
    if row.state == pack_file.REQUEST_COMPLETION:
        if ActionStatus(action.status) is not ActionStatus.REPORTED:
            report = f"{row.progress}（完成日期：{row.done_on}）"
            take_step(session, action, key, Step.REQUEST_COMPLETION, report, actor=actor)
            taken.append(Step.REQUEST_COMPLETION)
    elif row.state == pack_file.REQUEST_EXTENSION:
        assert row.extend_to is not None
        add_extension_request(session, action, key, row.extend_to, row.reason, actor=actor)
        taken.append(Step.REQUEST_EXTENSION)
    return taken


def _keep_as_conflict(
    session: Session, action: ActionItem, row: pack_file.FilledRow, actor: str
) -> None:
    """Every word the department wrote, kept as a progress report marked 冲突; no status."""
    parts = [row.progress] if row.progress else []
    if row.state:
        parts.append(f"办理状态：{row.state}")
    if row.done_on:
        parts.append(f"完成日期：{row.done_on}")
    if row.extend_to:
        parts.append(f"延期至：{row.extend_to}")
    if row.reason:
        parts.append(f"延期理由：{row.reason}")
    text = CONFLICT_MARK + "；".join(parts)
    if not _already_said(session, action.id, text):
        session.add(ProgressNote(action_id=action.id, day=today(), text=text, author=actor))


def _already_said(session: Session, action_id: int, text: str) -> bool:
    """A report already on the item word for word: a pack saved again and returned twice
    (another checksum, same words) adds nothing twice."""
    return (
        session.scalar(
            select(ProgressNote.id).where(
                ProgressNote.action_id == action_id, ProgressNote.text == text
            )
        )
        is not None
    )


def _conflict_reason(action: ActionItem) -> str:
    return _("changed in the app since the pack was written (by {user}; now {status})").format(
        user=action.updated_by or "?", status=ActionStatus(action.status).label
    )


def _refused(reason: str) -> ImportRefused:
    return ImportRefused(
        _("The returned pack was not merged."),
        [CellError(pack_file.KEY_SHEET, 1, "A", reason)],
    )
