"""The loop's rules without a database: what follows each step, texts, legacy spellings."""

from __future__ import annotations

import pytest

from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import RuleViolation
from chainchief.domain.supervision import (
    Authority,
    Step,
    allowed_steps,
    check_text,
    extension_authority,
    next_status,
)
from chainchief.exchange.parsers import parse_enum


def test_the_happy_path_of_the_loop() -> None:
    status = ActionStatus.ASSIGNED
    for step in (Step.ACKNOWLEDGE, Step.REPORT_PROGRESS, Step.REQUEST_COMPLETION, Step.VERIFY):
        status = next_status(step, status)
    assert status is ActionStatus.DONE


def test_final_statuses_allow_nothing() -> None:
    assert allowed_steps(ActionStatus.DONE) == []
    assert allowed_steps(ActionStatus.CANCELLED) == []
    with pytest.raises(RuleViolation):
        next_status(Step.CANCEL, ActionStatus.DONE)


def test_progress_before_acknowledgement_is_refused() -> None:
    with pytest.raises(RuleViolation):
        next_status(Step.REPORT_PROGRESS, ActionStatus.ASSIGNED)
    assert next_status(Step.REPORT_PROGRESS, ActionStatus.REPORTED) is ActionStatus.REPORTED


def test_steps_that_say_something_need_a_text() -> None:
    for step in (Step.RETURN, Step.CANCEL, Step.REQUEST_EXTENSION, Step.REPORT_PROGRESS):
        with pytest.raises(RuleViolation):
            check_text(step, " \n")
    assert check_text(Step.VERIFY, None) == ""
    assert check_text(Step.RETURN, " 材料不全 ") == "材料不全"


def test_a_third_extension_needs_an_admin() -> None:
    assert [extension_authority(n) for n in (0, 1, 2, 3)] == [
        Authority.LEAD,
        Authority.LEAD,
        Authority.ADMIN,
        Authority.ADMIN,
    ]


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("未开始", "assigned"),
        ("open", "assigned"),
        ("推进中", "in_progress"),
        ("已完成", "done"),
        ("已取消", "cancelled"),
        ("已签收", "acknowledged"),
        ("申请办结", "reported"),
        ("REPORTED", "reported"),
    ],
)
def test_old_and_new_status_words_import(word: str, code: str) -> None:
    assert parse_enum(ActionStatus, word) == code
    assert ActionStatus.parse(word) is ActionStatus(code)
