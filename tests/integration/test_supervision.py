"""The supervision loop on a real database: every step from every status, as every role.

A step the loop allows is refused (PermissionDenied, nothing written) for each role below the
weakest that may take it, then taken by that role: the status moves as DESIGN.md §6 says and
the audit log grows. A step the loop does not allow is refused even for an admin, and writes
nothing either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from accounts_support import OTHER, OWN, ROLES, add_accounts, audit_count
from exchange_support import dump_database
from sqlalchemy import insert

from chainchief.domain.enums import ActionStatus, ExtensionDecision
from chainchief.domain.errors import RuleViolation
from chainchief.domain.lights import Light
from chainchief.domain.supervision import TRANSITIONS, Step
from chainchief.services.actions.items import ActionFilter, Resolution, create_action, list_actions
from chainchief.services.actions.supervision import (
    acknowledge,
    cancel,
    decide_extension,
    extension_requests,
    history,
    report_progress,
    request_completion,
    request_extension,
    return_item,
    verify,
)
from chainchief.services.admin.permissions import PermissionDenied
from chainchief.store.db import Database
from chainchief.store.models import Chain

TODAY = dt.date(2027, 1, 4)
DUE = dt.date(2027, 1, 20)
WEAKEST_FIRST = ("viewer", "member", "lead", "admin")
TEAM = "member"
LEAD = "lead"

Call = Callable[[Database, int, str], object]

CALLS: dict[Step, Call] = {
    Step.ACKNOWLEDGE: lambda db, item, actor: acknowledge(db, item, actor=actor),
    Step.REPORT_PROGRESS: lambda db, item, actor: report_progress(
        db, item, "已走访两家企业", actor=actor
    ),
    Step.REQUEST_COMPLETION: lambda db, item, actor: request_completion(
        db, item, "项目已签约", actor=actor
    ),
    Step.VERIFY: lambda db, item, actor: verify(db, item, actor=actor),
    Step.RETURN: lambda db, item, actor: return_item(db, item, "缺少签约文本", actor=actor),
    Step.REQUEST_EXTENSION: lambda db, item, actor: request_extension(
        db, item, DUE + dt.timedelta(days=30), "用地审批未完成", actor=actor
    ),
    Step.APPROVE_EXTENSION: lambda db, item, actor: decide_extension(db, item, True, actor=actor),
    Step.REFUSE_EXTENSION: lambda db, item, actor: decide_extension(db, item, False, actor=actor),
    Step.CANCEL: lambda db, item, actor: cancel(db, item, "项目终止", actor=actor),
}
WEAKEST_ALLOWED = {
    Step.ACKNOWLEDGE: TEAM,
    Step.REPORT_PROGRESS: TEAM,
    Step.REQUEST_COMPLETION: TEAM,
    Step.REQUEST_EXTENSION: TEAM,
    Step.VERIFY: LEAD,
    Step.RETURN: LEAD,
    Step.APPROVE_EXTENSION: LEAD,
    Step.REFUSE_EXTENSION: LEAD,
    Step.CANCEL: LEAD,
}
PATHS = {
    ActionStatus.ASSIGNED: (),
    ActionStatus.ACKNOWLEDGED: (Step.ACKNOWLEDGE,),
    ActionStatus.IN_PROGRESS: (Step.ACKNOWLEDGE, Step.REPORT_PROGRESS),
    ActionStatus.REPORTED: (Step.ACKNOWLEDGE, Step.REPORT_PROGRESS, Step.REQUEST_COMPLETION),
    ActionStatus.DONE: (
        Step.ACKNOWLEDGE,
        Step.REPORT_PROGRESS,
        Step.REQUEST_COMPLETION,
        Step.VERIFY,
    ),
    ActionStatus.CANCELLED: (Step.CANCEL,),
}
"""How an admin brings a new item to each status."""


@dataclass(frozen=True)
class Office:
    db: Database

    def item(self, status: ActionStatus, *, chain: str = OWN, pending: bool = False) -> int:
        """A new item in ``status``; with ``pending``, an extension request awaits a decision."""
        text = f"事项{len(list_actions(self.db))}"
        item = create_action(self.db, chain, Resolution(text, due=DUE), actor="admin")
        if pending:
            CALLS[Step.REQUEST_EXTENSION](self.db, item, "admin")
        for step in PATHS[status]:
            CALLS[step](self.db, item, "admin")
        return item

    def row(self, item: int):  # type: ignore[no-untyped-def]
        return next(row for row in list_actions(self.db) if row.id == item)


@pytest.fixture
def office(db: Database, monkeypatch) -> Office:
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY.isoformat())
    with db.transaction() as session:
        for name in (OWN, OTHER):
            session.execute(insert(Chain).values(name=name, min_local_firms=2))
    add_accounts(db, ROLES)
    return Office(db)


CASES = [(step, status) for step in Step for status in ActionStatus]


@pytest.mark.parametrize(
    ("step", "status"), CASES, ids=[f"{step.value}-from-{status.value}" for step, status in CASES]
)
def test_each_step_from_each_status_by_each_role(
    office: Office, step: Step, status: ActionStatus
) -> None:
    deciding = step in (Step.APPROVE_EXTENSION, Step.REFUSE_EXTENSION)
    item = office.item(status, pending=deciding)
    before = dump_database(office.db)
    following = TRANSITIONS[step].get(status)
    if following is None:
        for role in WEAKEST_FIRST[1:]:
            with pytest.raises((RuleViolation, PermissionDenied)):
                CALLS[step](office.db, item, role)
        with pytest.raises(RuleViolation):
            CALLS[step](office.db, item, "admin")
        assert dump_database(office.db) == before
        return
    allowed = WEAKEST_ALLOWED[step]
    for role in WEAKEST_FIRST[: WEAKEST_FIRST.index(allowed)]:
        with pytest.raises(PermissionDenied):
            CALLS[step](office.db, item, role)
        assert dump_database(office.db) == before, f"{role} changed something"
    entries = audit_count(office.db)
    CALLS[step](office.db, item, allowed)
    assert office.row(item).status is following
    assert audit_count(office.db) == entries + 1


@pytest.mark.parametrize("step", list(Step))
def test_the_team_of_another_chain_may_take_no_step(office: Office, step: Step) -> None:
    status = next(status for status in ActionStatus if status in TRANSITIONS[step])
    item = office.item(status, chain=OTHER, pending=step.name.endswith("_EXTENSION"))
    before = dump_database(office.db)
    for role in ("member", "lead"):
        with pytest.raises(PermissionDenied):
            CALLS[step](office.db, item, role)
    assert dump_database(office.db) == before


def test_the_admin_alone_approves_a_third_extension(office: Office) -> None:
    item = office.item(ActionStatus.IN_PROGRESS)
    dues = [DUE + dt.timedelta(days=10 * n) for n in (1, 2, 3)]
    for new_due in dues[:2]:
        request_extension(office.db, item, new_due, "用地审批未完成", actor=TEAM)
        decide_extension(office.db, item, True, actor=LEAD)
    request_extension(office.db, item, dues[2], "环评未批复", actor=TEAM)
    before = dump_database(office.db)
    with pytest.raises(PermissionDenied):
        decide_extension(office.db, item, True, actor=LEAD)
    assert dump_database(office.db) == before
    decide_extension(office.db, item, True, actor="admin")
    row = office.row(item)
    assert (row.original_due, row.due, row.extensions) == (DUE, dues[2], 3)
    assert [r.decision for r in extension_requests(office.db, item)] == [
        ExtensionDecision.APPROVED
    ] * 3


def test_a_refused_extension_keeps_the_deadline_and_the_lead_may_refuse_a_third(
    office: Office,
) -> None:
    item = office.item(ActionStatus.ACKNOWLEDGED)
    for n in (1, 2):
        request_extension(office.db, item, DUE + dt.timedelta(days=n), "等待批复", actor=TEAM)
        decide_extension(office.db, item, True, actor=LEAD)
    request_extension(office.db, item, DUE + dt.timedelta(days=9), "再等等", actor=TEAM)
    decide_extension(office.db, item, False, actor=LEAD, note="不再延期")
    row = office.row(item)
    assert (row.original_due, row.due, row.extensions) == (DUE, DUE + dt.timedelta(days=2), 2)
    assert row.status is ActionStatus.ACKNOWLEDGED


def test_extension_requests_are_checked(office: Office) -> None:
    item = office.item(ActionStatus.IN_PROGRESS)
    with pytest.raises(RuleViolation, match="after"):
        request_extension(office.db, item, DUE, "理由", actor=TEAM)
    with pytest.raises(RuleViolation):
        request_extension(office.db, item, DUE + dt.timedelta(days=5), "  ", actor=TEAM)
    with pytest.raises(RuleViolation):
        decide_extension(office.db, item, True, actor=LEAD)
    request_extension(office.db, item, DUE + dt.timedelta(days=5), "理由", actor=TEAM)
    with pytest.raises(RuleViolation, match="awaits"):
        request_extension(office.db, item, DUE + dt.timedelta(days=6), "理由", actor=TEAM)
    assert office.row(item).extension_pending


def test_a_return_needs_a_reason_and_the_history_keeps_every_step_in_order(
    office: Office,
) -> None:
    item = office.item(ActionStatus.ASSIGNED)
    acknowledge(office.db, item, actor=TEAM)
    report_progress(office.db, item, "已对接企业", actor=TEAM, day=dt.date(2027, 1, 2))
    report_progress(office.db, item, "已完成尽调", actor=TEAM)
    request_completion(office.db, item, "已签约", actor=TEAM)
    with pytest.raises(RuleViolation, match="after today"):
        report_progress(office.db, item, "明天的进展", actor=TEAM, day=TODAY + dt.timedelta(1))
    with pytest.raises(RuleViolation):
        return_item(office.db, item, " ", actor=LEAD)
    return_item(office.db, item, "缺少签约文本", actor=LEAD)
    assert office.row(item).status is ActionStatus.IN_PROGRESS
    request_completion(office.db, item, "已补充签约文本", actor=TEAM)
    verify(office.db, item, actor=LEAD)
    row = office.row(item)
    assert (row.status, row.completion_note, row.closed_on) == (
        ActionStatus.DONE,
        "已补充签约文本",
        TODAY,
    )
    steps = [(entry.step, entry.text) for entry in history(office.db, item)]
    assert steps == [
        (Step.REPORT_PROGRESS, "已对接企业"),
        (Step.ACKNOWLEDGE, None),
        (Step.REPORT_PROGRESS, "已完成尽调"),
        (Step.REQUEST_COMPLETION, "已签约"),
        (Step.RETURN, "缺少签约文本"),
        (Step.REQUEST_COMPLETION, "已补充签约文本"),
        (Step.VERIFY, None),
    ]


def test_two_approved_extensions_turn_an_item_red(office: Office) -> None:
    item = office.item(ActionStatus.IN_PROGRESS)
    for n in (1, 2):
        assert office.row(item).light is not Light.RED
        request_extension(office.db, item, DUE + dt.timedelta(days=40 * n), "等待", actor=TEAM)
        decide_extension(office.db, item, True, actor=LEAD)
    assert office.row(item).light is Light.RED
    assert [r.id for r in list_actions(office.db, ActionFilter(light=Light.RED))] == [item]
