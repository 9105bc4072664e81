"""The first hour: the welcome page of an empty database, the new-chain wizard, the help
window with F1 context and the shortcut list, and the map walked with the arrow keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QContextMenuEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QToolButton, QWidget

from chainchief.domain.enums import Tier
from chainchief.services.chains.chain_map import chain_map
from chainchief.services.chains.lists import list_chains
from chainchief.services.chains.roles import list_chain_roles
from chainchief.store.db import Database
from chainchief.ui.help.chapters import CHAPTERS, chapter_file
from chainchief.ui.help.shortcuts import key_text
from chainchief.ui.help.window import HelpWindow
from chainchief.ui.map import palette
from chainchief.ui.map.keyboard import card_description, next_card, reading_order
from chainchief.ui.shell.main_window import MainWindow
from chainchief.ui.welcome.wizard import NewChain, create_new_chain
from chainchief.ui.workers import wait_for_workers


@pytest.fixture
def empty_window(qtbot, qapp, db: Database):
    from chainchief.ui.fonts import ui_font

    qapp.setFont(ui_font())
    window = MainWindow(db, actor="tester")
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(lambda: window.welcome.page.isVisible(), timeout=20_000)
    yield window
    window.close()
    wait_for_workers()


def test_an_empty_database_shows_the_welcome_page_over_the_map(empty_window) -> None:
    page = empty_window.welcome.page
    assert page.geometry() == empty_window.view.rect()
    assert page.import_button.hasFocus()
    assert [
        b.accessibleName() for b in (page.import_button, page.demo_button, page.new_button)
    ] == [
        "Import workbook…",
        "Load the demo data",
        "New chain…",
    ]
    assert all(b.accessibleDescription() for b in (page.import_button, page.new_button))


def test_the_demo_button_loads_the_demo_and_the_map_replaces_the_page(qtbot, empty_window) -> None:
    empty_window.welcome.page.demo_button.click()
    qtbot.waitUntil(lambda: empty_window.scene.chain is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not empty_window.welcome.page.isVisible(), timeout=20_000)
    assert len(list_chains(empty_window.db)) == 8
    assert empty_window.view.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_a_workbook_dropped_on_the_page_opens_the_import_dialog(
    qtbot, empty_window, tmp_path: Path
) -> None:
    workbook = tmp_path / "链.xlsx"
    workbook.write_bytes(b"not really a workbook")
    opened: list[str] = []
    page = empty_window.welcome.page
    page.calls = type(page.calls)(**{**page.calls.__dict__, "import_file": opened.append})
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(workbook))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    page.dropEvent(drop)
    assert opened == [str(workbook)]
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    page.dropEvent(
        QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, other, Qt.MouseButton.NoButton,
                   Qt.KeyboardModifier.NoModifier)
    )  # fmt: skip
    assert opened == [str(workbook)]


def test_the_wizard_creates_the_chain_and_its_segments_as_one_undo_step(
    qtbot, empty_window
) -> None:
    wizard = empty_window.welcome.new_chain()
    wizard.roles.name.setText("新能源汽车")
    wizard.roles.chief.setEditText("张三")
    wizard.roles.team_lead.setEditText("李四")
    wizard.roles.department.setEditText("发改局")
    wizard.tiers[0].names.setPlainText("正极材料\n负极材料\n")
    wizard.tiers[1].names.setPlainText("电芯")
    wizard.tiers[2].names.setPlainText("整车")
    wizard.accept()
    assert not wizard.isVisible()
    (roles,) = list_chain_roles(empty_window.db)
    assert (roles.name, roles.chief, roles.team_lead, roles.lead_department) == (
        "新能源汽车", "张三", "李四", "发改局",
    )  # fmt: skip
    qtbot.waitUntil(lambda: empty_window.scene.chain is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not empty_window.welcome.page.isVisible(), timeout=20_000)
    cards = {(card.name, card.tier) for card in empty_window.scene.chain.cards}
    assert cards == {
        ("正极材料", Tier.UPSTREAM), ("负极材料", Tier.UPSTREAM),
        ("电芯", Tier.MIDSTREAM), ("整车", Tier.DOWNSTREAM),
    }  # fmt: skip
    empty_window.editing.undo.trigger()
    assert list_chains(empty_window.db) == []
    qtbot.waitUntil(lambda: empty_window.welcome.page.isVisible(), timeout=20_000)


def test_a_refused_chain_keeps_the_wizard_open_with_the_reason(qtbot, empty_window) -> None:
    wizard = empty_window.welcome.new_chain()
    wizard.roles.name.setText("集成电路")
    wizard.roles.chief.setEditText("王五")
    wizard.roles.team_lead.setEditText("王五")
    wizard.accept()
    assert wizard.isVisible()
    assert wizard.tiers[-1].problem.text()
    assert list_chains(empty_window.db) == []
    assert not empty_window.editing.undo.isEnabled()
    wizard.reject()


def test_a_segment_name_the_service_refuses_is_shown_as_typed(empty_window) -> None:
    wizard = empty_window.welcome.new_chain()
    page = wizard.tiers[0]
    page.names.setPlainText("材料\n" + "长" * 300)
    assert not page.isComplete()
    assert page.problem.isVisibleTo(page) and page.problem.text()
    page.names.setPlainText("材料")
    assert page.isComplete()
    wizard.reject()


def test_the_wizard_goes_through_the_editor_so_a_taken_name_is_refused(empty_window) -> None:
    editor = empty_window.editing.editor
    first = NewChain({"name": "链一"}, ((Tier.UPSTREAM, "甲"),))
    assert create_new_chain(editor, first)[0] is None
    message, chain_id = create_new_chain(editor, first)
    assert message and chain_id is None
    assert [row.name for row in list_chains(empty_window.db)] == ["链一"]
    duplicate = NewChain({"name": "链二"}, ((Tier.UPSTREAM, "甲"), (Tier.MIDSTREAM, "甲")))
    message, _chain = create_new_chain(editor, duplicate)
    assert message
    assert [row.name for row in list_chains(empty_window.db)] == ["链一"]


# --- help -------------------------------------------------------------------------------


def test_f1_on_the_welcome_page_opens_getting_started(qtbot, empty_window) -> None:
    qtbot.keyClick(empty_window.welcome.page.import_button, Qt.Key.Key_F1)
    help_window = empty_window.help.help_window
    assert help_window is not None and help_window.isVisible()
    assert help_window.chapter == "quickstart"
    assert help_window.browser.toPlainText().startswith("Getting started")
    help_window.close()


def test_f1_on_every_page_opens_an_existing_chapter(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    names = {chapter.name for chapter in CHAPTERS}
    seen = {}
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        chapter, anchor = window.help.context()
        assert chapter in names
        seen[window.pages.tabText(index)] = chapter
        if anchor:
            html = chapter_file(chapter, "zh_CN").read_text(encoding="utf-8")
            assert f'id="{anchor}"' in html
    assert seen["Chain map"] == "map"
    assert seen["Meetings"] == "meetings"
    assert seen["Action items"] == "supervision"
    window.pages.setCurrentIndex(0)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    assert window.help.help_window.chapter == "map"
    assert window.help.help_window.contents.currentItem().text() == "The chain map"
    window.help.help_window.close()


@pytest.mark.parametrize(
    ("language", "meetings", "gaps"),
    [
        ("en", "Quarterly dispatch meetings", "How gaps are counted"),
        ("zh_CN", "季度调度会", "缺链分析"),
    ],
)
def test_links_between_chapters_stay_in_the_users_language(
    empty_window, language, meetings, gaps
) -> None:
    from chainchief.i18n import set_language

    set_language(language)
    help_window = empty_window.help.show_help("index")
    help_window._follow(QUrl("meetings.html"))
    assert help_window.chapter == "meetings"
    assert help_window.browser.toPlainText().startswith(meetings)
    help_window._follow(QUrl("gaps.html#chokepoint"))
    assert (help_window.chapter, help_window.anchor) == ("gaps", "chokepoint")
    assert help_window.browser.toPlainText().startswith(gaps)
    help_window.close()


def _topic_dialogs(window) -> Iterator[tuple[QWidget, str, str]]:
    """Each dialog with F1 help, and the chapter and anchor F1 must open."""
    from chainchief.domain.supervision import Step
    from chainchief.ui.dialogs.action_dialogs import ResolutionDialog, StepDialog
    from chainchief.ui.dialogs.export_dialog import ExportDialog
    from chainchief.ui.dialogs.feedback_merge import FeedbackMergeDialog
    from chainchief.ui.dialogs.import_dialog import ImportDialog
    from chainchief.ui.dialogs.settings_dialog import SettingsDialog
    from chainchief.ui.pages.meetings.plan_dialog import PlanYearDialog

    yield ImportDialog(window.db, window.actor, "数据.xlsx", window), "exchange", "import"
    yield ExportDialog(window.db, "数据.xlsx", parent=window), "exchange", "export"
    yield ExportDialog(window.db, "模板.xlsx", template=True, parent=window), "exchange", "template"
    yield SettingsDialog(window.db, window.actor, window), "quickstart", "settings"
    yield PlanYearDialog(window.db, window.actor, 2026, window), "meetings", "plan"
    steps = [Step.REQUEST_EXTENSION]
    yield StepDialog("事项", steps, lambda *_args: None, window), "supervision", "loop"
    yield ResolutionDialog(["链"], [], [], lambda *_args: None, window), "meetings", "minutes"
    yield FeedbackMergeDialog(window.db, window.actor, window), "supervision", "feedback"
    yield window.welcome.new_chain(), "quickstart", "start"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_f1_in_a_dialog_opens_its_chapter_in_a_window_the_dialog_owns(
    qtbot, empty_window, language
) -> None:
    from chainchief.i18n import set_language

    set_language(language)
    seen = 0
    for dialog, chapter, anchor in _topic_dialogs(empty_window):
        dialog.open()
        qtbot.waitExposed(dialog)
        focused = dialog.focusWidget() or dialog
        qtbot.keyClick(focused, Qt.Key.Key_F1)
        help_window = dialog.findChild(HelpWindow)
        assert help_window is not None and help_window.isVisible(), dialog.windowTitle()
        assert (help_window.chapter, help_window.anchor) == (chapter, anchor)
        assert f'id="{anchor}"' in chapter_file(chapter).read_text(encoding="utf-8")
        assert chapter_file(chapter).parent.name == language
        title = next(c for c in CHAPTERS if c.name == chapter).label
        assert help_window.browser.toPlainText().startswith(title), (language, title)
        assert empty_window.help.help_window is None
        help_window.close()
        dialog.close()
        dialog.deleteLater()
        seen += 1
    assert seen == 9


def test_f1_in_a_window_without_a_topic_is_left_alone(qtbot, empty_window) -> None:
    from PySide6.QtWidgets import QDialog, QLineEdit

    dialog = QDialog(empty_window)
    field = QLineEdit(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(field, Qt.Key.Key_F1)
    assert dialog.findChild(HelpWindow) is None
    assert empty_window.help.help_window is None
    dialog.close()


def test_the_shortcut_list_holds_every_shortcut_of_the_window(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    dialog = window.help.show_shortcuts()
    listed = {
        (dialog.table.item(row, 0).text(), dialog.table.item(row, 1).text())
        for row in range(dialog.table.rowCount())
    }
    keys = {keys for _command, keys in listed}
    actions = [
        a for a in window.findChildren(QAction) if any(not k.isEmpty() for k in a.shortcuts())
    ]
    assert len(actions) >= 20
    for action in actions:
        assert key_text(action.shortcuts()) in keys, action.text()
    assert (
        "User guide",
        QKeySequence("F1").toString(QKeySequence.SequenceFormat.NativeText),
    ) in listed
    dialog.close()


# --- the map from the keyboard --------------------------------------------------------------


def test_arrow_keys_walk_the_cards_along_the_links(demo_db) -> None:
    chain_id = next(row.id for row in list_chains(demo_db) if row.name == "新能源汽车")
    chain = chain_map(demo_db, chain_id)
    first = reading_order(chain)[0]
    assert next_card(chain, None, Qt.Key.Key_Right) == first.segment_id
    linked = next(card for card in chain.cards if chain.successors.get(card.segment_id))
    right = next_card(chain, linked.segment_id, Qt.Key.Key_Right)
    assert right in chain.successors[linked.segment_id]
    assert next_card(chain, right, Qt.Key.Key_Left) in chain.predecessors[right]
    lane = [c for c in reading_order(chain) if c.tier is linked.tier]
    if len(lane) > 1:
        assert next_card(chain, lane[0].segment_id, Qt.Key.Key_Down) == lane[1].segment_id
        assert next_card(chain, lane[0].segment_id, Qt.Key.Key_Up) == lane[0].segment_id
    reached = {first.segment_id}
    frontier = [first.segment_id]
    while frontier:
        here = frontier.pop()
        for key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            there = next_card(chain, here, key)
            if there is not None and there not in reached:
                reached.add(there)
                frontier.append(there)
    assert reached == {card.segment_id for card in chain.cards}


def test_keys_on_the_map_select_cards_enter_opens_the_inspector(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    window.inspector.hide()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Home)
    first = window.scene.selected
    assert first is not None
    card = window.scene.card(first)
    assert window.view.accessibleDescription() == card_description(card)
    assert card.tier.label in card_description(card) and card.status.label in card_description(card)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.scene.selected != first
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.inspector.isVisible()
    focused = QApplication.focusWidget()
    assert isinstance(focused, QToolButton) and window.inspector.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_Escape)
    assert window.view.hasFocus()


def test_a_focused_map_without_a_selection_wears_a_frame_until_an_arrow_picks_a_card(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    frame = window.map_keys.frame
    window.scene.select(None)
    window.navigator.setFocus()
    assert not frame.isVisible()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    assert frame.isVisible()
    assert frame.geometry() == window.view.viewport().geometry()
    shot = frame.grab().toImage()
    assert shot.pixelColor(1, frame.height() // 2) == palette.SELECTION
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert window.scene.selected == reading_order(window.scene.chain)[0].segment_id
    assert not frame.isVisible()
    window.scene.select(None)
    assert frame.isVisible()
    window.navigator.setFocus()
    assert not frame.isVisible()
    window.view.setFocus(Qt.FocusReason.MouseFocusReason)
    assert window.view.hasFocus() and not frame.isVisible()


def test_the_card_description_reads_status_tier_and_local_firms_in_chinese(demo_db) -> None:
    from chainchief.i18n import set_language

    chain = chain_map(demo_db, list_chains(demo_db)[0].id)
    card = chain.cards[0]
    set_language("zh_CN")
    text = card_description(card)
    assert f"区内企业 {card.local_firms} 家" in text
    assert card.tier.label in text and card.status.label in text


def test_every_control_on_every_page_has_a_spoken_name(qtbot, open_window, demo_db) -> None:
    from chainchief.ui.accessible import spoken_name, takes_focus

    window = open_window(demo_db)
    window.inspector.show()
    unnamed = set()
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        qtbot.wait(50)
        for widget in window.findChildren(QWidget):
            inner = isinstance(widget.parentWidget(), QAbstractSpinBox)  # the box is named
            if widget.isVisible() and takes_focus(widget) and not spoken_name(widget) and not inner:
                unnamed.add((window.pages.tabText(index), type(widget).__name__))
    assert unnamed == set()


def test_tab_runs_from_the_navigator_through_the_map_to_the_inspector(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    window.resize(1920, 1080)
    window.inspector.show()
    window.navigator.filter_box.setFocus()
    qtbot.waitUntil(lambda: window.navigator.filter_box.hasFocus())
    stops = []
    for _press in range(12):
        stops.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    buttons = [b for b in window.inspector.findChildren(QToolButton) if b.isEnabled()]
    expected = [
        window.navigator.filter_box, window.navigator.list, window.search_box,
        window.pages.groups.tabBar(), window.view,
    ]  # fmt: skip
    assert stops[: len(expected)] == expected
    assert window.inspector.browser in stops
    assert stops[stops.index(window.inspector.browser) + 1] is window.navigator.filter_box
    assert set(buttons) <= set(stops)


def test_the_menu_key_opens_the_selected_cards_menu(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: window.view.hasFocus())
    qtbot.keyClick(window.view, Qt.Key.Key_Home)
    assert window.scene.selected is not None
    shown: list[str] = []

    def read_the_menu() -> None:
        menu = QApplication.activePopupWidget()
        if menu is not None:
            shown.extend(action.text() for action in menu.actions() if not action.isSeparator())
            menu.close()

    QTimer.singleShot(200, read_the_menu)
    # What the platform sends the focused widget for the menu key or Shift+F10.
    origin = QPoint(0, 0)
    menu_key = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, origin, window.view.mapToGlobal(origin)
    )
    QApplication.sendEvent(window.view, menu_key)
    assert "Add a segment that supplies this one…" in shown, shown  # the card's, not a lane's


def test_shortcut_commands_are_listed_without_their_mnemonics() -> None:
    from chainchief.ui.help.shortcuts import plain_text

    assert plain_text("设置(&S)…") == "设置"
    assert plain_text("&Export map…") == "Export map"
    assert plain_text("People && departments") == "People & departments"
