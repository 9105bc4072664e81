"""The supervision loop of an action item (督办闭环, DESIGN.md §6): steps, who, what follows.

交办 (assigned) → 签收 (acknowledged) → 办理 (in progress, dated reports) → 申请办结 (reported)
→ 复核 (done, or returned to in progress with a reason). Any open item may be cancelled; done
and cancelled are final. Progress reports and extension requests leave the status as it is,
except that the first report on an acknowledged item starts the work (in progress).

Who may take a step is said here as an ``Authority``; services map it to users' roles.
"""

from __future__ import annotations

from enum import StrEnum

from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import RuleViolation
from chainchief.i18n import N_, _

OPEN_STATUSES = tuple(status for status in ActionStatus if not status.is_closed)
ADMIN_AFTER_EXTENSIONS = 2
"""Approving an extension beyond this many approved ones needs an admin (the third)."""


class Step(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    REPORT_PROGRESS = "report_progress"
    REQUEST_COMPLETION = "request_completion"
    VERIFY = "verify"
    RETURN = "return"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REFUSE_EXTENSION = "refuse_extension"
    CANCEL = "cancel"

    @property
    def label(self) -> str:
        return _(_STEP_LABELS[self])

    @property
    def file_value(self) -> str:
        """The Chinese word of the step, for documents and the item's history."""
        return _STEP_WORDS[self]


class Authority(StrEnum):
    """Who may take a step: the chain's team (members and leads), its lead, or an admin only."""

    TEAM = "team"
    LEAD = "lead"
    ADMIN = "admin"


_UNCHANGED = {status: status for status in OPEN_STATUSES}

TRANSITIONS: dict[Step, dict[ActionStatus, ActionStatus]] = {
    Step.ACKNOWLEDGE: {ActionStatus.ASSIGNED: ActionStatus.ACKNOWLEDGED},
    Step.REPORT_PROGRESS: {
        ActionStatus.ACKNOWLEDGED: ActionStatus.IN_PROGRESS,
        ActionStatus.IN_PROGRESS: ActionStatus.IN_PROGRESS,
        ActionStatus.REPORTED: ActionStatus.REPORTED,
    },
    Step.REQUEST_COMPLETION: {ActionStatus.IN_PROGRESS: ActionStatus.REPORTED},
    Step.VERIFY: {ActionStatus.REPORTED: ActionStatus.DONE},
    Step.RETURN: {ActionStatus.REPORTED: ActionStatus.IN_PROGRESS},
    Step.REQUEST_EXTENSION: _UNCHANGED,
    Step.APPROVE_EXTENSION: _UNCHANGED,
    Step.REFUSE_EXTENSION: _UNCHANGED,
    Step.CANCEL: {status: ActionStatus.CANCELLED for status in OPEN_STATUSES},
}
"""For each step, the statuses it may start from and the status it leads to."""

AUTHORITY: dict[Step, Authority] = {
    Step.ACKNOWLEDGE: Authority.TEAM,
    Step.REPORT_PROGRESS: Authority.TEAM,
    Step.REQUEST_COMPLETION: Authority.TEAM,
    Step.REQUEST_EXTENSION: Authority.TEAM,
    Step.VERIFY: Authority.LEAD,
    Step.RETURN: Authority.LEAD,
    Step.APPROVE_EXTENSION: Authority.LEAD,
    Step.REFUSE_EXTENSION: Authority.LEAD,
    Step.CANCEL: Authority.LEAD,
}

NEEDS_TEXT = frozenset(
    {
        Step.REPORT_PROGRESS,
        Step.REQUEST_COMPLETION,
        Step.RETURN,
        Step.REQUEST_EXTENSION,
        Step.CANCEL,
    }
)
"""Steps that say something: the report, the completion report, the reason."""


def allowed_steps(status: ActionStatus) -> list[Step]:
    """The steps that may be taken on an item in ``status``, in the loop's order."""
    return [step for step in Step if status in TRANSITIONS[step]]


def next_status(step: Step, status: ActionStatus) -> ActionStatus:
    """The status ``step`` leads to from ``status``; refuses a step the loop does not allow."""
    following = TRANSITIONS[step].get(status)
    if following is None:
        raise RuleViolation(
            _("“{step}” is not possible on an action item that is “{status}”.").format(
                step=step.label, status=status.label
            )
        )
    return following


def check_text(step: Step, text: str | None) -> str:
    """The step's text trimmed; refuses an empty one where the step must say something."""
    value = (text or "").strip()
    if step in NEEDS_TEXT and not value:
        raise RuleViolation(_(_MISSING_TEXT[step]))
    return value


def extension_authority(approved_before: int) -> Authority:
    """Who may approve an extension when ``approved_before`` were approved already."""
    return Authority.ADMIN if approved_before >= ADMIN_AFTER_EXTENSIONS else Authority.LEAD


_STEP_LABELS = {
    Step.ACKNOWLEDGE: N_("Acknowledge"),
    Step.REPORT_PROGRESS: N_("Report progress"),
    Step.REQUEST_COMPLETION: N_("Report completion"),
    Step.VERIFY: N_("Verify and close"),
    Step.RETURN: N_("Return"),
    Step.REQUEST_EXTENSION: N_("Request extension"),
    Step.APPROVE_EXTENSION: N_("Approve extension"),
    Step.REFUSE_EXTENSION: N_("Refuse extension"),
    Step.CANCEL: N_("Cancel"),
}

_STEP_WORDS = {
    Step.ACKNOWLEDGE: "签收",
    Step.REPORT_PROGRESS: "进展",
    Step.REQUEST_COMPLETION: "申请办结",
    Step.VERIFY: "复核通过",
    Step.RETURN: "退回",
    Step.REQUEST_EXTENSION: "申请延期",
    Step.APPROVE_EXTENSION: "批准延期",
    Step.REFUSE_EXTENSION: "驳回延期",
    Step.CANCEL: "取消",
}

_MISSING_TEXT = {
    Step.REPORT_PROGRESS: N_("A progress report cannot be empty."),
    Step.REQUEST_COMPLETION: N_("A completion report needs a text saying what was done."),
    Step.RETURN: N_("Returning an action item needs a reason."),
    Step.REQUEST_EXTENSION: N_("An extension request needs a reason."),
    Step.CANCEL: N_("Cancelling an action item needs a reason."),
}
