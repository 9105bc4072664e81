import datetime as dt

import pytest

from chainchief.domain.actions import Urgency, check_status_change, is_due_soon, is_overdue, urgency
from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import RuleViolation

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (dt.date(2026, 11, 26), ActionStatus.OPEN, Urgency.OVERDUE),
        (dt.date(2026, 11, 26), ActionStatus.IN_PROGRESS, Urgency.OVERDUE),
        (dt.date(2026, 11, 26), ActionStatus.DONE, Urgency.DONE),
        (dt.date(2026, 11, 26), ActionStatus.CANCELLED, Urgency.ON_TRACK),
        (TODAY, ActionStatus.OPEN, Urgency.DUE_SOON),
        (dt.date(2026, 12, 4), ActionStatus.OPEN, Urgency.DUE_SOON),
        (dt.date(2026, 12, 5), ActionStatus.OPEN, Urgency.ON_TRACK),
        (None, ActionStatus.OPEN, Urgency.ON_TRACK),
    ],
)
def test_urgency_follows_due_date_and_status(due, status, expected) -> None:
    assert urgency(due, status, TODAY) is expected


def test_overdue_and_due_soon_never_both() -> None:
    for offset in range(-10, 12):
        due = TODAY + dt.timedelta(days=offset)
        assert not (
            is_overdue(due, ActionStatus.OPEN, TODAY) and is_due_soon(due, ActionStatus.OPEN, TODAY)
        )


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.CANCELLED])
@pytest.mark.parametrize("note", [None, "", "   "])
def test_closing_needs_a_note(status, note) -> None:
    with pytest.raises(RuleViolation, match="completion note"):
        check_status_change(status, note)


def test_opening_states_need_no_note() -> None:
    check_status_change(ActionStatus.IN_PROGRESS, None)
    check_status_change(ActionStatus.DONE, "已协调解决")
