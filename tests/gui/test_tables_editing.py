"""The table pages: edits checked as typed, stage history, role rules, conflicts, sorting in
pinyin order, filter, copy as TSV, list and date dialogs, empty states."""

from __future__ import annotations

import datetime as dt

import pytest
from editing_support import content, elsewhere, settle
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from chainchief.domain.enums import Stage
from chainchief.services.chains.roles import list_chain_roles
from chainchief.services.directory.people import list_people
from chainchief.services.firms.ledger import list_firms, update_firm
from chainchief.services.firms.targets import list_targets, stage_history
from chainchief.ui.models.collation import chinese_collator
from chainchief.ui.pages.tables.firms import FirmTable
from chainchief.ui.pages.tables.targets import STALE_FILL
from chainchief.ui.undo import Editor

GOOD_USCC = "91110108551385082Q"
BAD_USCC = "91110108551385082A"


@pytest.fixture
def window(demo_db, open_window):  # type: ignore[no-untyped-def]
    """A main window on the demo city. Tests that edit end with ``settle``: the reloads an
    edit starts must end while the window and the database are still there."""
    return open_window(demo_db)


def open_table(qtbot, window, page, table=None):
    table = table or page
    window.show_page(page)
    qtbot.waitUntil(lambda: table.model.rowCount() > 0, timeout=20_000)
    return table


def open_editor(table, row_id: int, key: str) -> QWidget:
    index = table.proxy.index(table.find_row(row_id), table.column_number(key))
    table.view.scrollTo(index)
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    editors = [
        w
        for w in table.view.viewport().findChildren(QWidget)
        if isinstance(w, QLineEdit | QComboBox) and w.isVisible() and w.parent() is not None
    ]
    editor = next(w for w in editors if not isinstance(w.parent(), QComboBox))
    assert table.view.state() == QAbstractItemView.State.EditingState
    return editor


def commit(table, editor: QWidget) -> None:
    """What the delegate does when Enter is pressed or the editor loses focus."""
    table.delegate.commitData.emit(editor)
    table.delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def refusal(window) -> str:
    boxes = [box for box in window.findChildren(QMessageBox, "refusal") if box.isVisible()]
    assert boxes, "no refusal shown"
    return boxes[-1].text()


def firm(db, firm_id: int):
    return next(row for row in list_firms(db) if row.id == firm_id)


def test_a_bad_uscc_is_refused_in_the_editor_and_a_good_one_saved(qtbot, demo_db, window) -> None:
    firms = open_table(qtbot, window, window.editing.pages.firms)
    row = firms.row_at(0)
    editor = open_editor(firms, row.id, "uscc")
    assert isinstance(editor, QLineEdit)
    editor.setText(BAD_USCC)
    assert "check digit" in (editor.problem or "")
    assert "check digit" in firms.problem.text() and firms.problem.isVisible()
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert firms.view.state() == QAbstractItemView.State.EditingState
    commit(firms, editor)
    assert firm(demo_db, row.id).uscc == row.uscc
    editor = open_editor(firms, row.id, "uscc")
    editor.setText(GOOD_USCC.lower())
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: firm(demo_db, row.id).uscc == GOOD_USCC, timeout=10_000)
    qtbot.waitUntil(lambda: firms.row_at(firms.find_row(row.id)).uscc == GOOD_USCC, timeout=10_000)
    window.editing.undo.trigger()
    qtbot.waitUntil(lambda: firm(demo_db, row.id).uscc == row.uscc, timeout=10_000)
    settle(qtbot)


def test_a_stage_change_in_the_table_is_recorded_in_the_history(qtbot, demo_db, window) -> None:
    page = window.editing.pages.targets
    table = open_table(qtbot, window, page, page.table)
    row = next(r for r in table.model.rows if r.stage is Stage.RESERVE)
    editor = open_editor(table, row.id, "stage")
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(Stage.CONTACT.value))
    commit(table, editor)
    qtbot.waitUntil(
        lambda: page.history.toPlainText().count("Reserve → Contact") == 1, timeout=10_000
    )
    last = stage_history(demo_db, row.id)[-1]
    assert (last.from_stage, last.to_stage, last.by) == (Stage.RESERVE, Stage.CONTACT, "tester")
    assert "Contact" in page.counts.text()
    settle(qtbot)


def test_targets_untouched_for_ninety_days_are_marked_stale(
    qtbot, demo_db, window, monkeypatch
) -> None:
    later = max(row.last_change for row in list_targets(demo_db)) + dt.timedelta(days=120)
    monkeypatch.setenv("CHAINCHIEF_TODAY", later.isoformat())
    page = window.editing.pages.targets
    table = open_table(qtbot, window, page, page.table)
    stale = next(n for n in range(table.proxy.rowCount()) if table.row_at(n).stale)
    settled = next(
        n for n in range(table.proxy.rowCount()) if table.row_at(n).stage is Stage.LANDED
    )
    background = Qt.ItemDataRole.BackgroundRole
    assert table.proxy.index(stale, 0).data(background) == STALE_FILL
    assert table.proxy.index(settled, 0).data(background) is None
    assert "stale" in table.proxy.index(stale, table.column_number("last_change")).data()
    assert "Stale" in page.counts.text()
    settle(qtbot)


def test_chain_roles_keep_one_chief_and_one_team_lead(qtbot, demo_db, window) -> None:
    chains = open_table(qtbot, window, window.editing.pages.chains)
    row = next(r for r in chains.model.rows if r.name == "集成电路")
    other = next(r for r in chains.model.rows if r.name == "新能源汽车")
    before = content(demo_db)
    editor = open_editor(chains, row.id, "team_lead")
    editor.setEditText(row.chief)
    commit(chains, editor)
    assert "one chief and one team lead" in refusal(window)
    assert content(demo_db) == before
    editor = open_editor(chains, row.id, "chief")
    editor.setEditText(f"{row.chief}、{other.chief}")
    assert "one name" in (editor.lineEdit().problem or "")
    commit(chains, editor)
    assert content(demo_db) == before
    editor = open_editor(chains, row.id, "chief")
    editor.setEditText(other.chief)
    commit(chains, editor)
    qtbot.waitUntil(
        lambda: [r.chief for r in list_chain_roles(demo_db)].count(other.chief) == 2,
        timeout=10_000,
    )
    settle(qtbot)


def edit_a_phone_someone_else_changed(qtbot, demo_db, window, answer: bool):
    """李四 changes a firm's phone after the table read it; this user then types another.
    The window's question (重新加载 / 仍然覆盖) is answered with ``answer``."""
    asked: list[str] = []

    def ask(message: str) -> bool:
        asked.append(message)
        return answer

    window.editing.editor.ask_overwrite = ask
    firms = open_table(qtbot, window, window.editing.pages.firms)
    row = firms.row_at(1)
    with elsewhere(demo_db) as other:
        update_firm(
            other, row.id, {"phone": "025-11111111"}, actor="李四", expected_version=row.version
        )
    editor = open_editor(firms, row.id, "phone")
    editor.setText("025-22222222")
    commit(firms, editor)
    assert len(asked) == 1 and "李四" in asked[0]
    return firms, row


def test_an_edit_on_a_row_someone_else_changed_asks_and_reload_keeps_theirs(
    qtbot, demo_db, window
) -> None:
    firms, row = edit_a_phone_someone_else_changed(qtbot, demo_db, window, answer=False)
    assert firm(demo_db, row.id).phone == "025-11111111"
    assert not [box for box in window.findChildren(QMessageBox, "refusal") if box.isVisible()]
    qtbot.waitUntil(
        lambda: firms.row_at(firms.find_row(row.id)).phone == "025-11111111", timeout=10_000
    )
    assert not window.editing.editor.stack.canUndo(), "nothing was changed"
    settle(qtbot)


def test_overwrite_anyway_keeps_this_users_change_and_can_be_undone(qtbot, demo_db, window) -> None:
    firms, row = edit_a_phone_someone_else_changed(qtbot, demo_db, window, answer=True)
    assert firm(demo_db, row.id).phone == "025-22222222"
    qtbot.waitUntil(
        lambda: firms.row_at(firms.find_row(row.id)).phone == "025-22222222", timeout=10_000
    )
    window.editing.editor.stack.undo()
    assert firm(demo_db, row.id).phone == "025-11111111", "undo gives 李四's phone back"
    settle(qtbot)


@pytest.mark.parametrize(("button", "expected"), [("Reload", False), ("Overwrite anyway", True)])
def test_the_conflict_question_offers_reload_and_overwrite(
    qtbot, window, button: str, expected: bool
) -> None:
    from PySide6.QtCore import QTimer

    from chainchief.ui.forms import ask_overwrite

    def answer() -> None:
        [box] = [b for b in window.findChildren(QMessageBox, "conflict") if b.isVisible()]
        assert box.defaultButton().text() == "Reload"
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, answer)
    assert ask_overwrite(window, "Changed by 李四 at 10:42; reload to see the change.") is expected


def test_people_sort_in_pinyin_order_filter_and_copy_as_tsv(qtbot, demo_db, window) -> None:
    page = window.editing.pages.people
    people = open_table(qtbot, window, page, page.people)
    names = [people.row_at(n).name for n in range(people.proxy.rowCount())]
    collator = chinese_collator()
    assert names == sorted(names, key=collator.sortKey) and names[0] != sorted(names)[0]
    people.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert people.row_at(0).name == names[-1]
    people.filter.setText("集成电路")
    shown = [people.row_at(n) for n in range(people.proxy.rowCount())]
    assert shown and all("集成电路" in (*r.chief_of, *r.team_lead_of, *r.member_of) for r in shown)
    assert people.count.text() == f"{len(shown)} of {len(names)} rows"
    people.view.selectAll()
    lines = people.copy().splitlines()
    assert lines[0].split("\t")[:3] == ["Name", "Title", "Own department"]
    assert len(lines) == len(shown) + 1
    people.filter.setText("没有这个人")
    assert people.stack.currentWidget() is people.empty
    assert "没有这个人" in people.empty.text()
    settle(qtbot)


def test_unavailable_dates_are_picked_on_a_calendar(qtbot, demo_db, window) -> None:
    page = window.editing.pages.people
    people = open_table(qtbot, window, page, page.people)
    row = next(r for r in people.model.rows if r.name == "马骏")
    people.edit_in_dialog(row, people.model.columns[people.column_number("unavailable")])
    dialog = people.dialog
    dialog.toggle(dt.date(2027, 5, 6))
    dialog.toggle(dt.date(2027, 5, 7))
    dialog.toggle(dt.date(2027, 5, 6))
    dialog.accept()  # the edit goes through the editor's undo stack before accept returns
    stored = next(r for r in list_people(demo_db) if r.id == row.id)
    assert stored.unavailable == (*row.unavailable, dt.date(2027, 5, 7))
    settle(qtbot)


def test_firm_types_are_ticked_in_a_checklist_with_free_types(qtbot, demo_db, window) -> None:
    firms = open_table(qtbot, window, window.editing.pages.firms)
    row = firms.row_at(0)
    firms.edit_in_dialog(row, firms.model.columns[firms.column_number("tags")])
    dialog = firms.dialog
    for number in range(dialog.list.count()):
        item = dialog.list.item(number)
        ticked = item.text() == "独角兽"
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
    dialog.others.setText("链上新锐，自定义")
    dialog.accept()  # the edit goes through the editor's undo stack before accept returns
    assert firm(demo_db, row.id).tags == ("独角兽", "链上新锐", "自定义")
    settle(qtbot)


def test_an_empty_table_says_what_to_do(qtbot, db) -> None:
    table = FirmTable(Editor(db, "tester"))
    qtbot.addWidget(table)
    with qtbot.waitSignal(table.loaded, timeout=10_000):
        table.show()
    assert table.stack.currentWidget() is table.empty
    assert "Add firm" in table.empty.text()
    assert table.count.text() == "0 rows"
