"""Rules of the action-item loop (督办事项): deadlines, colours, status changes."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _

DUE_SOON_DAYS = 7


class Urgency(StrEnum):
    """How an action item is coloured, the same in the app and the workbooks (DESIGN.md §3)."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    DONE = "done"
    ON_TRACK = "on_track"


def is_overdue(due: dt.date | None, status: ActionStatus, today: dt.date) -> bool:
    return due is not None and due < today and not status.is_closed


def is_due_soon(due: dt.date | None, status: ActionStatus, today: dt.date) -> bool:
    """Due within the next seven days, today and the seventh day included."""
    return (
        due is not None
        and not status.is_closed
        and today <= due <= today + dt.timedelta(days=DUE_SOON_DAYS)
    )


def urgency(due: dt.date | None, status: ActionStatus, today: dt.date) -> Urgency:
    if status is ActionStatus.DONE:
        return Urgency.DONE
    if is_overdue(due, status, today):
        return Urgency.OVERDUE
    if is_due_soon(due, status, today):
        return Urgency.DUE_SOON
    return Urgency.ON_TRACK


def check_status_change(new: ActionStatus, completion_note: str | None) -> None:
    """Closing an item (done or cancelled) needs a note saying what was done or why not."""
    if new.is_closed and not (completion_note or "").strip():
        raise RuleViolation(
            _("Closing an action item needs a completion note: what was done, or why it stops.")
        )
