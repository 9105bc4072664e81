"""The meetings page: plan the year before saving, a meeting's page, resolutions, exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from editing_support import elsewhere
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from quarter_support import SPRING, dispatch_id, plan_2026, record_message_boxes

from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import RuleViolation
from chainchief.domain.supervision import Step
from chainchief.services.actions.items import (
    Resolution,
    create_action,
    list_actions,
    progress_notes,
)
from chainchief.services.actions.supervision import (
    acknowledge,
    report_progress,
    request_completion,
)
from chainchief.services.meetings.meetings import edit_meeting, list_meetings, meeting_details
from chainchief.store.db import Database, open_database
from chainchief.store.models import Chain, Meeting, Person, UnavailableDay
from chainchief.ui.colours import DONE_FILL
from chainchief.ui.pages.meetings import pack_export
from chainchief.ui.pages.meetings.page import MeetingsPage
from chainchief.ui.pages.meetings.year_grid import MEETING_ROLE
from chainchief.ui.workers import wait_for_workers

CHAIN = "新能源汽车"


@pytest.fixture
def city(demo_db_path: Path, monkeypatch) -> Database:
    monkeypatch.setenv("CHAINCHIEF_TODAY", SPRING)
    database = open_database(demo_db_path)
    yield database
    wait_for_workers()
    database.dispose()


@pytest.fixture
def page(qtbot, city: Database) -> MeetingsPage:
    widget = MeetingsPage(city, "lead")
    qtbot.addWidget(widget)
    widget.resize(1140, 640)
    widget.show()
    return widget


def test_planning_shows_the_whole_plan_before_anything_is_saved(qtbot, page, city) -> None:
    dialog = page.plan_dialog()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    assert list_meetings(city, 2026) == []
    assert dialog.meetings.rowCount() == 8 * 3 + 3
    assert dialog.unplaced.rowCount() == 9  # the first quarter is past
    reasons = {dialog.unplaced.item(row, 2).text() for row in range(9)}
    assert all(reason for reason in reasons)
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        dialog.save_button.click()
    saved = list_meetings(city, 2026)
    assert len(saved) == 27
    model = page.grid.grid
    chain_row = next(
        r for r in range(model.rowCount()) if model.headerData(r, Qt.Vertical) == CHAIN
    )
    cell = model.index(chain_row, 1)
    meeting = cell.data(MEETING_ROLE)
    assert meeting.id == dispatch_id(city, CHAIN)
    weekday = meeting.date.strftime("%a")
    assert cell.data() == f"{meeting.date.month}/{meeting.date.day} {weekday}\nMorning · Planned"
    assert model.index(chain_row, 0).data() == "Not planned"


def test_closing_the_plan_dialog_saves_nothing(qtbot, page, city) -> None:
    dialog = page.plan_dialog()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    dialog.reject()
    assert list_meetings(city, 2026) == []


def test_a_meeting_takes_two_resolutions_and_closes_one_with_a_note(qtbot, page, city) -> None:
    plan_2026(city)
    page.reload()
    meeting_id = dispatch_id(city, CHAIN)
    page.open_meeting(meeting_id)
    panel = page.panel
    assert panel.title.text().startswith(CHAIN)
    assert "陈立新" in panel.people.text() and "赵鹏" in panel.people.text()
    for text, owner in (("梳理电池回收企业名单", "王昇"), ("对接宁德时代二期项目", "杨洁")):
        dialog = panel.add_resolution_dialog()
        dialog.item.setPlainText(text)
        dialog.owner.setCurrentText(owner)
        dialog.department.setCurrentText("投资促进局")
        dialog.due.setDate(QDate(2026, 6, 30))
        dialog.accept()
        assert not dialog.isVisible()
    items = [row.item for row in panel.resolutions.rows()]
    assert sorted(items) == sorted(["梳理电池回收企业名单", "对接宁德时代二期项目"])
    listed = next(row for row in panel.resolutions.rows() if row.item == "梳理电池回收企业名单")
    acknowledge(city, listed.id, actor="王昇")
    report_progress(city, listed.id, "已摸排 8 家", actor="王昇")
    request_completion(city, listed.id, "已形成名单，共 12 家", actor="王昇")
    panel.reload()
    panel.tabs.setCurrentIndex(2)
    items = [row.item for row in panel.resolutions.rows()]
    panel.resolution_view.selectRow(items.index("梳理电池回收企业名单"))
    dialog = panel.close_selected_dialog()
    offered = [dialog.step.itemData(i) for i in range(dialog.step.count())]
    assert offered == [Step.VERIFY.value, Step.RETURN.value, Step.CANCEL.value]
    dialog.accept()
    decided = {row.item: row for row in list_actions(city) if row.meeting_quarter == "2026Q2"}
    assert decided["梳理电池回收企业名单"].status is ActionStatus.DONE
    assert decided["梳理电池回收企业名单"].completion_note == "已形成名单，共 12 家"
    assert decided["对接宁德时代二期项目"].status is ActionStatus.ASSIGNED
    assert decided["对接宁德时代二期项目"].owner == "杨洁"
    done_row = next(
        r for r, row in enumerate(panel.resolutions.rows()) if row.item.startswith("梳理")
    )
    fill = panel.resolutions.index(done_row, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert fill == DONE_FILL
    notes = progress_notes(city, decided["梳理电池回收企业名单"].id)
    assert [text for _day, text, _who in notes] == ["已摸排 8 家"]


def test_closing_without_a_note_is_refused_and_the_dialog_stays(qtbot, page, city) -> None:
    plan_2026(city)
    page.reload()
    page.open_meeting(dispatch_id(city, CHAIN))
    dialog = page.panel.add_resolution_dialog()
    dialog.item.setPlainText("约谈链主企业")
    dialog.accept()
    page.panel.resolution_view.selectRow(0)
    closing = page.panel.close_selected_dialog()
    assert closing.chosen() is Step.CANCEL
    closing.accept()
    assert closing.isVisible() and not closing.error.isHidden()
    assert "needs a reason" in closing.error.text()
    assert page.panel.resolutions.rows()[0].status is ActionStatus.ASSIGNED
    closing.reject()


def test_the_page_moves_the_meeting_and_reports_a_conflict(qtbot, page, city, monkeypatch) -> None:
    shown = record_message_boxes(monkeypatch)
    plan_2026(city)
    page.reload()
    meeting_id = dispatch_id(city, CHAIN)
    page.open_meeting(meeting_id)
    panel = page.panel
    panel.date_edit.setDate(QDate(2026, 4, 15))
    panel.slot_box.setCurrentIndex(panel.slot_box.findData("14:30"))
    panel.place_edit.setText("管委会 301 会议室")
    assert panel.save_schedule()
    moved = meeting_details(city, meeting_id).meeting
    assert (moved.date, moved.start, moved.place) == (
        dt.date(2026, 4, 15),
        "14:30",
        "管委会 301 会议室",
    )
    assert page.grid.currentIndex().data(MEETING_ROLE).date == dt.date(2026, 4, 15)
    with elsewhere(city) as colleague:
        edit_meeting(
            colleague, meeting_id, day=moved.date, start="09:00", place="别处", actor="colleague"
        )
    panel.minutes.setPlainText("会议纪要")
    assert not panel.save_minutes()
    assert shown and "colleague" in shown[-1]
    assert meeting_details(city, meeting_id).minutes is None
    assert panel.place_edit.text() == "别处"
    panel.date_edit.setDate(QDate(2026, 5, 16))
    assert not panel.save_schedule()
    assert "not a working day" in shown[-1]


def test_minutes_can_overwrite_a_colleagues_newer_change_when_asked(
    qtbot, page, city, monkeypatch
) -> None:
    shown = record_message_boxes(monkeypatch, overwrite=True)
    plan_2026(city)
    page.reload()
    meeting_id = dispatch_id(city, CHAIN)
    page.open_meeting(meeting_id)
    panel = page.panel
    moved = meeting_details(city, meeting_id).meeting
    with elsewhere(city) as colleague:
        edit_meeting(
            colleague, meeting_id, day=moved.date, start="09:00", place="别处", actor="colleague"
        )
    panel.minutes.setPlainText("会议纪要")
    assert panel.save_minutes()
    assert "colleague" in shown[-1], "the user was told who changed it before choosing"
    details = meeting_details(city, meeting_id)
    assert details.minutes == "会议纪要"
    assert details.meeting.place == "别处", "only the minutes were written over"


def test_edited_agenda_is_kept_and_a_held_meeting_is_locked(qtbot, page, city, monkeypatch) -> None:
    record_message_boxes(monkeypatch)
    plan_2026(city)
    page.reload()
    meeting_id = dispatch_id(city, CHAIN)
    page.open_meeting(meeting_id)
    editor = page.panel.agenda
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    editor.add_point()
    editor.tree.topLevelItem(1).setText(0, "研究新能源汽车下乡活动")
    editor.save_button.click()
    details = meeting_details(city, meeting_id)
    assert details.agenda_edited
    assert details.agenda[1].title == "研究新能源汽车下乡活动"
    day = details.meeting.date
    monkeypatch.setenv("CHAINCHIEF_TODAY", day.isoformat())
    page.open_meeting(meeting_id)
    page.panel.held_button.click()
    assert meeting_details(city, meeting_id).meeting.held
    assert not page.panel.date_edit.isEnabled()
    assert not editor.save_button.isEnabled()
    assert page.panel.state.text() == "Held"


def test_mark_as_held_waits_for_the_meeting_day_and_the_month_follows_the_meeting(
    qtbot, page, city
) -> None:
    plan_2026(city)
    page.reload()
    meeting_id = dispatch_id(city, CHAIN)
    page.open_meeting(meeting_id)
    day = meeting_details(city, meeting_id).meeting.date
    assert day > dt.date.fromisoformat(SPRING)
    assert not page.panel.held_button.isEnabled()
    assert page.panel.held_button.toolTip()
    shown = page.month.calendar.selectedDate()
    assert (shown.year(), shown.month()) == (day.year, day.month)


def test_a_resolution_cannot_be_due_before_its_meeting(qtbot, page, city) -> None:
    plan_2026(city)
    page.reload()
    meeting_id = dispatch_id(city, CHAIN)
    page.open_meeting(meeting_id)
    day = meeting_details(city, meeting_id).meeting.date
    dialog = page.panel.add_resolution_dialog()
    assert dialog.due.date().toPython() > day
    assert dialog.due.minimumDate().toPython() == day + dt.timedelta(days=1)
    dialog.reject()
    with pytest.raises(RuleViolation):
        create_action(
            city, CHAIN, Resolution("补开协调会", due=day), actor="lead", meeting_id=meeting_id
        )


def test_marking_as_held_asks_first(qtbot, page, city, monkeypatch) -> None:
    shown = record_message_boxes(monkeypatch, answer=False)
    plan_2026(city)
    page.reload()
    meeting_id = dispatch_id(city, CHAIN)
    monkeypatch.setenv(
        "CHAINCHIEF_TODAY", meeting_details(city, meeting_id).meeting.date.isoformat()
    )
    page.open_meeting(meeting_id)
    assert not page.panel.mark_held()
    assert "no longer be changed" in shown[-1]
    assert not meeting_details(city, meeting_id).meeting.held


def test_exports_write_the_quarter_pack_and_open_its_folder(
    qtbot, page, city, tmp_path, monkeypatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(pack_export, "open_folder", opened.append)
    plan_2026(city)
    page.reload()
    page.open_meeting(dispatch_id(city, CHAIN))
    page.panel.only_chain.setChecked(False)
    workbook = tmp_path / "pack.xlsx"
    with qtbot.waitSignal(page.panel.exported, timeout=30_000):
        page.panel.export_workbook_to(str(workbook))
    names = load_workbook(workbook, read_only=True).sheetnames
    assert names[0] == "总表" and CHAIN in names and len(names) == 9
    page.panel.only_chain.setChecked(True)
    invitation = tmp_path / "invite.ics"
    with qtbot.waitSignal(page.panel.exported, timeout=30_000):
        page.panel.export_invitations_to(str(invitation))
    text = invitation.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 1 and CHAIN in text
    assert opened == [workbook, invitation]


def test_the_month_view_lists_the_meetings_of_a_day(qtbot, page, city) -> None:
    plan_2026(city)
    page.reload()
    day = meeting_details(city, dispatch_id(city, CHAIN)).meeting.date
    page.views.setCurrentWidget(page.month)
    page.month.show_date(day)
    texts = [page.month.list.item(i).text() for i in range(page.month.list.count())]
    assert any(CHAIN in text for text in texts)
    with qtbot.waitSignal(page.month.meeting_chosen) as chosen:
        item = next(page.month.list.item(i) for i in range(len(texts)) if CHAIN in texts[i])
        page.month.list.itemClicked.emit(item)
    assert chosen.args == [dispatch_id(city, CHAIN)]


def test_replanning_lists_the_saved_meetings_it_moves_and_why(qtbot, page, city) -> None:
    plan_2026(city)
    with city.transaction() as session:
        meeting = session.get(Meeting, dispatch_id(city, CHAIN))
        chain = session.get(Chain, meeting.chain_id)
        chief = session.get(Person, chain.chief_id)
        saved, chief_name = meeting.date, chief.name
        session.add(UnavailableDay(person_id=chief.id, day=saved))
    dialog = page.plan_dialog()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    assert not dialog.moves_box.isHidden()
    rows = [
        [dialog.moves.item(row, column).text() for column in range(5)]
        for row in range(dialog.moves.rowCount())
    ]
    moved = next(row for row in rows if row[1].startswith(CHAIN))
    assert moved[0] == "2026Q2"
    assert moved[2].startswith(f"{saved.month}/{saved.day} ")
    assert moved[4] == f"{chief_name} cannot attend on {saved.isoformat()}"
    dialog.reject()
