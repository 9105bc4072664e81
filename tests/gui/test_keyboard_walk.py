"""A first hour with the keyboard alone: on an empty database, create a chain with the wizard,
add a segment and a target firm on the map, plan the year and export the meeting pack.

Every step is a key event sent to whatever has the focus (or the open menu), so a control
that Tab does not reach, or a command without a key, fails the walk. Chinese text is typed
as key events carrying the characters, as an input method delivers them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from chainchief.domain.enums import Tier
from chainchief.services.chains.roles import list_chain_roles
from chainchief.services.firms.targets import list_targets
from chainchief.store.db import Database
from chainchief.ui.pages.meetings import pack_export
from chainchief.ui.shell.main_window import MainWindow
from chainchief.ui.workers import wait_for_workers

TAB_LIMIT = 40
"""Presses of Tab within which every control must be reached."""


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def target() -> QWidget:
    """Where a key goes: an open menu, else the focused widget."""
    return QApplication.activePopupWidget() or focused()


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(target(), key, modifiers)


def type_text(text: str) -> None:
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                focused(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


def tab_to(reached: Callable[[QWidget], bool], what: str) -> QWidget:
    seen = []
    for _press in range(TAB_LIMIT):
        if reached(focused()):
            return focused()
        seen.append(f"{type(focused()).__name__} {focused().accessibleName()!r}")
        press(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {what}; it went to: {', '.join(seen[:12])}")


def named(name: str) -> Callable[[QWidget], bool]:
    return lambda widget: widget.accessibleName() == name or widget.objectName() == name


def window_manager_activates(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """What a desktop's window manager does when a dialog closes: the window under it becomes
    active again, with its focus where it was (Qt's offscreen platform has no manager)."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10_000)


@pytest.fixture
def window(qtbot, qapp, db: Database, monkeypatch):
    from chainchief.ui.fonts import ui_font

    monkeypatch.setenv("CHAINCHIEF_TODAY", "2026-04-01")
    qapp.setFont(ui_font())
    shown = MainWindow(db, actor="tester")
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(lambda: shown.welcome.page.isVisible(), timeout=20_000)
    yield shown
    shown.close()
    wait_for_workers()


def test_a_chain_segment_target_and_meeting_pack_by_keyboard_alone(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(pack_export, "open_folder", opened.append)

    # 新建产业链 from the welcome page, through the wizard.
    tab_to(named("New chain…"), "the new-chain button")
    press(Qt.Key.Key_Space)
    wizard = window.welcome.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: named("wizard_chain_name")(focused()), timeout=5_000)
    for text in ("新能源汽车", "张三", "李四", "发改局"):
        type_text(text)
        press(Qt.Key.Key_Tab)
    for page, lines in zip(
        wizard.tiers, (["正极材料", "负极材料"], ["电芯"], ["整车"]), strict=True
    ):
        press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda page=page: focused() is page.names, timeout=5_000)
        for number, line in enumerate(lines):
            if number:
                press(Qt.Key.Key_Return)
            type_text(line)
    press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(
        lambda: window.scene.chain is not None and not wizard.isVisible(), timeout=20_000
    )
    window_manager_activates(qtbot, window)
    qtbot.waitUntil(lambda: window.view.hasFocus(), timeout=20_000)
    (roles,) = list_chain_roles(window.db)
    assert (roles.name, roles.chief, roles.team_lead, roles.lead_department) == (
        "新能源汽车", "张三", "李四", "发改局",
    )  # fmt: skip

    # A segment in the midstream lane: Ctrl+Shift+N, its name, the tier, Enter.
    press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.editing.commands.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isAncestorOf(focused()), timeout=5_000)
    type_text("电池包")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            window.scene.chain is not None
            and any(card.name == "电池包" for card in window.scene.chain.cards)
        ),
        timeout=20_000,
    )
    window_manager_activates(qtbot, window)
    added = next(card for card in window.scene.chain.cards if card.name == "电池包")
    assert added.tier is Tier.MIDSTREAM

    # A target firm on it: walk to the card with the arrow keys, Enter, the inspector's button.
    tab_to(lambda widget: widget is window.view, "the map")
    press(Qt.Key.Key_Home)
    assert window.scene.card(window.scene.selected).tier is Tier.UPSTREAM
    press(Qt.Key.Key_Right)  # no links yet: the nearest card of the next lane
    assert window.scene.card(window.scene.selected).tier is Tier.MIDSTREAM
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        if window.scene.selected != added.segment_id:
            press(key)
    assert window.scene.selected == added.segment_id
    assert window.view.accessibleDescription().startswith("电池包: Midstream, Missing")
    press(Qt.Key.Key_Return)
    assert window.inspector.isVisible()
    tab_to(lambda widget: widget.text() == "Add target" if hasattr(widget, "text") else False,
           "Add target")  # fmt: skip
    press(Qt.Key.Key_Space)
    target_dialog = window.editing.commands.dialog
    qtbot.waitUntil(lambda: target_dialog.isAncestorOf(focused()), timeout=5_000)
    type_text("宁德时代")
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(list_targets(window.db)), timeout=20_000)
    window_manager_activates(qtbot, window)
    assert [(row.firm, row.segment) for row in list_targets(window.db)] == [("宁德时代", "电池包")]

    # The quarter's meeting pack: Quarter → Plan the year, save, open the meeting, export.
    press(Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert QApplication.activePopupWidget() is window.quarter.quarter_menu
    press(Qt.Key.Key_P)
    plan = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and
                w.windowTitle() == "Plan the year 2026")  # fmt: skip
    qtbot.waitUntil(lambda: plan.save_button.isEnabled(), timeout=30_000)
    tab_to(lambda widget: widget is plan.save_button, "Save plan")
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not plan.isVisible(), timeout=30_000)
    window_manager_activates(qtbot, window)
    page = window.quarter.meetings
    assert page.isVisible()
    grid = tab_to(lambda widget: widget is page.grid, "the year grid")
    for key in (Qt.Key.Key_Home, Qt.Key.Key_Right, Qt.Key.Key_Right):  # Q2 of the chain
        press(key)
    press(Qt.Key.Key_Return)
    assert grid.currentIndex().row() == 0
    qtbot.waitUntil(lambda: page.panel.workbook_button.isEnabled(), timeout=20_000)
    pack = tmp_path / "pack.xlsx"

    def fill_in_the_file_dialog() -> None:
        file_dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(file_dialog, QFileDialog)
            press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_text(str(pack))
            press(Qt.Key.Key_Return)
        finally:
            if file_dialog is not None and file_dialog.isVisible():
                file_dialog.close()  # never leave the test waiting on a modal dialog

    tab_to(lambda widget: widget is page.panel.workbook_button, "Export workbook")
    QTimer.singleShot(300, fill_in_the_file_dialog)
    with qtbot.waitSignal(page.panel.exported, timeout=60_000):
        press(Qt.Key.Key_Space)
    assert opened == [pack]
    book = load_workbook(pack, read_only=True)
    rows = book["新能源汽车"].iter_rows(values_only=True)
    cells = {str(value) for row in rows for value in row if value}
    book.close()
    assert {"宁德时代", "电池包"} <= cells
