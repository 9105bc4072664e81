"""督办事项 page: colours of DESIGN §3, the service's filters, progress notes, closing, counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from quarter_support import record_message_boxes

from chainchief.domain.actions import Urgency
from chainchief.domain.enums import ActionStatus
from chainchief.services.actions.items import ActionFilter, list_actions, progress_notes
from chainchief.store.db import Database, open_database
from chainchief.ui.models.action_items import URGENCY_FILL, ActionColumn, ActionCounts
from chainchief.ui.pages.action_items import ActionItemsPage
from chainchief.ui.shell.quarter import badge_text, counts_text
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


def test_every_item_is_shown_in_the_colour_of_its_urgency(page, city) -> None:
    rows = list_actions(city)
    assert page.proxy.rowCount() == len(rows)
    shown = fills(page)
    seen = set()
    for row in rows:
        assert shown[row.item] == URGENCY_FILL.get(row.urgency), row.item
        seen.add(row.urgency)
    assert seen == set(Urgency)
    assert URGENCY_FILL[Urgency.OVERDUE].name().upper() == "#FFC7CE"
    assert URGENCY_FILL[Urgency.DUE_SOON].name().upper() == "#FFEB9C"
    assert URGENCY_FILL[Urgency.DONE].name().upper() == "#C6EFCE"
    on_track = next(row for row in rows if row.urgency is Urgency.ON_TRACK)
    assert shown[on_track.item] is None


@pytest.mark.parametrize(
    "choice",
    [
        {"chain": "新能源汽车"},
        {"department": "投资促进局"},
        {"status": ActionStatus.DONE.value},
        {"common_issue": True},
        {"chain": "新能源汽车", "status": ActionStatus.IN_PROGRESS.value},
    ],
)
def test_filters_show_what_the_service_selects(page, city, choice: dict[str, object]) -> None:
    page.set_filter(**choice)
    values = dict(choice)
    if "status" in values:
        values["status"] = ActionStatus(values["status"])
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


def test_a_progress_note_is_dated_today_and_starts_the_item(page, city) -> None:
    row = next(r for r in list_actions(city) if r.status is ActionStatus.OPEN)
    assert page.select(row.id)
    page.note_edit.setText("已与企业初步接洽")
    assert page.add_note()
    notes = progress_notes(city, row.id)
    assert [(day.isoformat(), text) for day, text, _author in notes] == [
        (LATE_NOVEMBER, "已与企业初步接洽")
    ]
    assert page.notes.count() == 1 and LATE_NOVEMBER in page.notes.item(0).text()
    assert next(r for r in list_actions(city) if r.id == row.id).status is ActionStatus.IN_PROGRESS
    assert page.note_edit.text() == ""


def test_closing_needs_a_note_and_then_turns_the_row_green(page, city, monkeypatch) -> None:
    record_message_boxes(monkeypatch)
    row = next(r for r in list_actions(city) if r.overdue)
    page.select(row.id)
    dialog = page.close_dialog()
    dialog.accept()
    assert dialog.isVisible()
    dialog.note.setPlainText("企业已签约落地")
    dialog.accept()
    assert not dialog.isVisible()
    closed = next(r for r in list_actions(city) if r.id == row.id)
    assert closed.status is ActionStatus.DONE and closed.completion_note == "企业已签约落地"
    assert fills(page)[row.item] == URGENCY_FILL[Urgency.DONE]
    page.select(row.id)
    assert not page.close_button.isEnabled()


def test_counts_reach_the_status_bar_and_the_navigator(qtbot, open_window, demo_db, monkeypatch):
    monkeypatch.setenv("CHAINCHIEF_TODAY", LATE_NOVEMBER)
    window = open_window(demo_db)
    rows = list_actions(demo_db)
    total = ActionCounts.of(rows)
    qtbot.waitUntil(lambda: window.quarter.counts_label.text() == counts_text(total))
    assert total.overdue > 0 and total.due_soon > 0
    chain_rows = [row for row in rows if row.chain == "新能源汽车"]
    badges = window.navigator.model.badges
    assert badges["新能源汽车"] == badge_text(ActionCounts.of(chain_rows))
    assert str(ActionCounts.of(chain_rows).open) in badges["新能源汽车"]
