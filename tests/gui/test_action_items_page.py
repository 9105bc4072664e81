"""督办事项 page: the lights of DESIGN §6, the service's filters, the loop's steps, counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from quarter_support import record_message_boxes

from chainchief.domain.enums import ActionStatus
from chainchief.domain.lights import Light
from chainchief.domain.supervision import Step
from chainchief.services.actions.items import ActionFilter, list_actions, progress_notes
from chainchief.services.actions.supervision import (
    acknowledge,
    report_progress,
    request_completion,
)
from chainchief.store.db import Database, open_database
from chainchief.ui.colours import LIGHT_TEXT
from chainchief.ui.models.action_counts import ActionCounts
from chainchief.ui.models.action_items import (
    DONE_FILL,
    LIGHT_FILL,
    ActionColumn,
    light_label,
)
from chainchief.ui.pages.action_items import ActionItemsPage
from chainchief.ui.shell.quarter import counts_html
from chainchief.ui.workers import wait_for_workers

LATE_NOVEMBER = "2026-11-27"


@pytest.fixture
def city(demo_db_path: Path, monkeypatch) -> Database:
    monkeypatch.setenv("CHAINCHIEF_TODAY", LATE_NOVEMBER)
    database = open_database(demo_db_path)
    yield database
    wait_for_workers()
    database.dispose()


@pytest.fixture
def page(qtbot, city: Database) -> ActionItemsPage:
    widget = ActionItemsPage(city, "lead")
    qtbot.addWidget(widget)
    widget.resize(1140, 640)
    widget.show()
    return widget


def fills(page: ActionItemsPage) -> dict[str, object]:
    return {
        page.proxy.index(row, ActionColumn.ITEM).data(): page.proxy.index(
            row, ActionColumn.DUE
        ).data(Qt.ItemDataRole.BackgroundRole)
        for row in range(page.proxy.rowCount())
    }


def test_every_item_is_shown_in_the_colour_of_its_light(page, city) -> None:
    rows = list_actions(city)
    assert page.proxy.rowCount() == len(rows)
    shown = fills(page)
    for row in rows:
        expected = DONE_FILL if row.status is ActionStatus.DONE else LIGHT_FILL.get(row.light)
        assert shown[row.item] == expected, row.item
    assert {row.light for row in rows} == {*Light, None}
    assert LIGHT_FILL[Light.RED].name().upper() == "#FFC7CE"
    assert LIGHT_FILL[Light.YELLOW].name().upper() == "#FFEB9C"
    assert LIGHT_FILL[Light.BLUE].name().upper() == "#DDEBF7"
    assert DONE_FILL.name().upper() == "#C6EFCE"
    unlit = next(row for row in rows if row.light is None and not row.status.is_closed)
    assert shown[unlit.item] is None
    red = next(row for row in rows if row.light is Light.RED)
    column = page.model.column_of(ActionColumn.LIGHT)
    shown_light = {
        page.proxy.index(r, ActionColumn.ITEM).data(): page.proxy.index(r, column).data()
        for r in range(page.proxy.rowCount())
    }
    assert shown_light[red.item] == light_label(red) and str(red.days_overdue) in light_label(red)


@pytest.mark.parametrize(
    "choice",
    [
        {"chain": "新能源汽车"},
        {"department": "投资促进局"},
        {"status": ActionStatus.DONE.value},
        {"common_issue": True},
        {"chain": "新能源汽车", "status": ActionStatus.IN_PROGRESS.value},
        {"light": Light.RED.value},
    ],
)
def test_filters_show_what_the_service_selects(page, city, choice: dict[str, object]) -> None:
    page.set_filter(**choice)
    values = dict(choice)
    if "status" in values:
        values["status"] = ActionStatus(values["status"])
    if "light" in values:
        values["light"] = Light(values["light"])
    expected = list_actions(city, ActionFilter(**values))  # type: ignore[arg-type]
    assert 0 < len(expected) < len(list_actions(city))
    assert sorted(row.id for row in page.shown_rows()) == sorted(row.id for row in expected)
    assert page.shown.text() == f"{len(expected)} of {len(list_actions(city))} items"


def test_overdue_only_and_the_quarter_filter(page, city) -> None:
    page.overdue_only.setChecked(True)
    assert page.shown_rows() and all(row.overdue for row in page.shown_rows())
    page.overdue_only.setChecked(False)
    quarters = [page.quarter_box.itemData(i) for i in range(page.quarter_box.count())]
    assert quarters == [None]  # demo items come from no stored meeting


def test_acknowledge_then_a_progress_note_dated_today_starts_the_item(page, city) -> None:
    row = next(r for r in list_actions(city) if r.status is ActionStatus.ASSIGNED)
    assert page.select(row.id)
    assert page.acknowledge_button.isEnabled() and not page.note_button.isEnabled()
    assert page.acknowledge()
    assert page.select(row.id)
    page.note_edit.setText("已与企业初步接洽")
    assert page.add_note()
    notes = progress_notes(city, row.id)
    assert [(day.isoformat(), text) for day, text, _author in notes] == [
        (LATE_NOVEMBER, "已与企业初步接洽")
    ]
    shown = [page.notes.item(i).text() for i in range(page.notes.count())]
    assert len(shown) == 2 and all(line.startswith(LATE_NOVEMBER) for line in shown)
    assert Step.ACKNOWLEDGE.label in shown[0] and "已与企业初步接洽" in shown[1]
    assert next(r for r in list_actions(city) if r.id == row.id).status is ActionStatus.IN_PROGRESS
    assert page.note_edit.text() == ""


def test_a_return_needs_a_reason_then_verify_turns_the_row_green(page, city, monkeypatch) -> None:
    record_message_boxes(monkeypatch)
    row = next(r for r in list_actions(city) if r.overdue and r.status is ActionStatus.ASSIGNED)
    acknowledge(city, row.id, actor="lead")
    report_progress(city, row.id, "已对接", actor="lead")
    request_completion(city, row.id, "企业已签约落地", actor="lead")
    page.reload()
    page.select(row.id)
    assert page.step_buttons[Step.VERIFY].isEnabled()
    assert not page.step_buttons[Step.REQUEST_COMPLETION].isEnabled()
    dialog = page.step_dialog(Step.RETURN)
    dialog.accept()
    assert dialog.isVisible() and not dialog.error.isHidden()
    dialog.reject()
    dialog = page.step_dialog(Step.VERIFY)
    dialog.accept()
    assert not dialog.isVisible()
    closed = next(r for r in list_actions(city) if r.id == row.id)
    assert closed.status is ActionStatus.DONE and closed.completion_note == "企业已签约落地"
    assert fills(page)[row.item] == DONE_FILL
    page.select(row.id)
    assert not any(button.isEnabled() for button in page.step_buttons.values())


def test_an_extension_is_requested_and_approved_through_the_dialogs(page, city) -> None:
    row = next(r for r in list_actions(city) if r.overdue and not r.extension_pending)
    page.select(row.id)
    assert not page.step_buttons[Step.APPROVE_EXTENSION].isEnabled()
    dialog = page.step_dialog(Step.REQUEST_EXTENSION)
    assert not dialog.new_due.isHidden()
    dialog.text.setPlainText("等待用地审批")
    dialog.accept()
    assert not dialog.isVisible()
    page.select(row.id)
    assert page.step_buttons[Step.APPROVE_EXTENSION].isEnabled()
    decision = page.step_dialog(Step.APPROVE_EXTENSION)
    assert "等待用地审批" in decision.context.text()
    decision.accept()
    extended = next(r for r in list_actions(city) if r.id == row.id)
    assert (extended.original_due, extended.extensions) == (row.due, 1)
    assert extended.due > row.due and not extended.overdue


def test_counts_reach_the_status_bar_and_the_navigator(qtbot, open_window, demo_db, monkeypatch):
    monkeypatch.setenv("CHAINCHIEF_TODAY", LATE_NOVEMBER)
    window = open_window(demo_db)
    rows = list_actions(demo_db)
    total = ActionCounts.of(rows)
    qtbot.waitUntil(lambda: window.quarter.counts_label.text() == counts_html(total))
    assert total.overdue > 0 and total.due_soon > 0
    shown = window.quarter.counts_label.text()
    for light, count in ((Light.YELLOW, total.overdue), (Light.BLUE, total.due_soon)):
        assert f'<b style="color:{LIGHT_TEXT[light].name()}">{count} ' in shown, light
    chain_rows = [row for row in rows if row.chain == "新能源汽车"]
    counts = window.navigator.model.counts
    assert counts["新能源汽车"] == ActionCounts.of(chain_rows)
    red = {row.chain for row in rows if row.light is Light.RED}
    assert red and all(counts[chain].red >= 1 for chain in red)
    assert counts["新能源汽车"].red == 0


def test_a_step_reads_back_only_its_item(page, city) -> None:
    from sqlalchemy import event

    seen: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    new = next(row for row in page.all_rows if row.status is ActionStatus.ASSIGNED)
    assert page.select(new.id)
    place = [row.id for row in page.shown_rows()].index(new.id)
    event.listen(city.engine, "before_cursor_execute", record)
    try:
        assert page.acknowledge()
    finally:
        event.remove(city.engine, "before_cursor_execute", record)
    reads = [
        s for s in seen if s.lstrip().upper().startswith("SELECT") and "FROM action_items" in s
    ]
    assert reads, "the item is read back"
    assert all(re.search(r"action_items\.id (IN \(|= )\?", s) for s in reads), "one item each"
    assert page.shown_rows()[place].id == new.id
    assert page.shown_rows()[place].status is ActionStatus.ACKNOWLEDGED
    assert next(r for r in page.all_rows if r.id == new.id).status is ActionStatus.ACKNOWLEDGED
