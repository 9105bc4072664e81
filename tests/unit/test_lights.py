"""The three-colour escalation on the boundary days, with the default and other settings."""

from __future__ import annotations

import datetime as dt

import pytest

from chainchief.domain.enums import ActionStatus
from chainchief.domain.lights import Light, LightRules, days_overdue, light, worst

TODAY = dt.date(2026, 11, 27)
OPEN = ActionStatus.IN_PROGRESS


def due_in(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (8, None),  # not yet within remind_days = 7
        (7, Light.BLUE),  # the seventh day ahead is within
        (1, Light.BLUE),
        (0, Light.BLUE),  # due today: not overdue yet
        (-1, Light.YELLOW),  # one day overdue
        (-15, Light.YELLOW),  # red_after_days = 15 days overdue is still yellow
        (-16, Light.RED),  # more than 15
        (-400, Light.RED),
    ],
)
def test_lights_on_the_boundary_days(days: int, expected: Light | None) -> None:
    assert light(OPEN, due_in(days), 0, TODAY) is expected


@pytest.mark.parametrize("status", [s for s in ActionStatus if not s.is_closed])
def test_every_open_status_is_lit(status: ActionStatus) -> None:
    assert light(status, due_in(-3), 0, TODAY) is Light.YELLOW


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.CANCELLED])
def test_closed_items_have_no_light_even_when_late_or_extended(status: ActionStatus) -> None:
    assert light(status, due_in(-30), 2, TODAY) is None
    assert days_overdue(due_in(-30), status, TODAY) == 0


def test_two_extensions_make_red_whatever_the_deadline() -> None:
    assert light(OPEN, due_in(60), 1, TODAY) is None
    assert light(OPEN, due_in(60), 2, TODAY) is Light.RED
    assert light(OPEN, None, 2, TODAY) is Light.RED
    assert light(OPEN, None, 1, TODAY) is None


def test_the_settings_move_the_boundaries() -> None:
    rules = LightRules(remind_days=3, red_after_days=5)
    assert light(OPEN, due_in(4), 0, TODAY, rules) is None
    assert light(OPEN, due_in(3), 0, TODAY, rules) is Light.BLUE
    assert light(OPEN, due_in(-5), 0, TODAY, rules) is Light.YELLOW
    assert light(OPEN, due_in(-6), 0, TODAY, rules) is Light.RED


def test_days_overdue_and_the_worst_light() -> None:
    assert [days_overdue(due_in(d), OPEN, TODAY) for d in (3, 0, -1, -20)] == [0, 0, 1, 20]
    assert worst([None, Light.BLUE, Light.RED, Light.YELLOW]) is Light.RED
    assert worst([None, None]) is None
