"""Editing the chain on the map: segments and links drawn with the mouse, undo and redo, refusals
shown, deletions confirmed, and a gap fixed the way a team lead would."""

from __future__ import annotations

import pytest
from editing_support import content, elsewhere, segment_id, settle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMenu, QMessageBox

from chainchief.domain.enums import SegmentStatus
from chainchief.services.chains.editing import add_link, add_segment, segment_values, update_segment
from chainchief.services.chains.lists import require_chain
from chainchief.ui.map import segment_commands

CHAIN = "集成电路"


@pytest.fixture
def window(demo_db, open_window):  # type: ignore[no-untyped-def]
    """A main window on the demo city. Tests that edit end with ``settle``: the reloads an
    edit starts must end while the window and the database are still there."""
    return open_window(demo_db)


def show_chain(qtbot, window, name: str) -> None:
    chain_id = require_chain(window.db, name)
    if window.chain_id == chain_id and window.scene.chain is not None:
        return
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        assert window.navigator.select_chain(chain_id)


def card_names(window) -> set[str]:
    return {card.name for card in window.scene.chain.cards} if window.scene.chain else set()


def links(window) -> set[tuple[str, str]]:
    chain = window.scene.chain
    name = {card.segment_id: card.name for card in chain.cards}
    return {(name[link.upstream], name[link.downstream]) for link in chain.links}


def centre(window, segment: int) -> QPoint:
    return window.view.mapFromScene(window.scene.card_rect(segment).center())


def drag_link(qtbot, window, upstream: int, downstream: int) -> None:
    """Shift-drag from one card to another, as a person does with the mouse."""
    window.view.centre_on_segment(upstream)
    viewport = window.view.viewport()
    start, end = centre(window, upstream), centre(window, downstream)
    shift = Qt.KeyboardModifier.ShiftModifier
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, shift, start)
    QTest.mouseMove(viewport, (start + end) / 2)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, shift, end)


def refusal(window) -> str:
    boxes = [box for box in window.findChildren(QMessageBox, "refusal") if box.isVisible()]
    assert boxes, "no refusal shown"
    return boxes[-1].text()


def test_a_segment_and_a_link_drawn_on_the_map_undo_and_redo_step_by_step(
    qtbot, demo_db, window
) -> None:
    show_chain(qtbot, window, CHAIN)
    editing = window.editing
    before_segment = content(demo_db)
    assert editing.commands.create_segment({"name": "光刻胶", "tier": "upstream"}) is None
    qtbot.waitUntil(lambda: "光刻胶" in card_names(window), timeout=20_000)
    with_segment = content(demo_db)
    new = segment_id(demo_db, CHAIN, "光刻胶")
    wafer = segment_id(demo_db, CHAIN, "晶圆制造")
    drag_link(qtbot, window, new, wafer)
    qtbot.waitUntil(lambda: ("光刻胶", "晶圆制造") in links(window), timeout=20_000)
    with_link = content(demo_db)
    assert editing.undo.text() == "Undo Link 光刻胶 → 晶圆制造"
    edit_menu = window.findChild(QMenu, "edit_menu")
    assert window.menuBar().actions()[1] == edit_menu.menuAction()
    assert editing.undo in edit_menu.actions() and editing.redo in edit_menu.actions()
    assert QKeySequence("Ctrl+Z") in editing.undo.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in editing.redo.shortcuts()

    editing.undo.trigger()
    qtbot.waitUntil(lambda: ("光刻胶", "晶圆制造") not in links(window), timeout=20_000)
    assert content(demo_db) == with_segment
    assert editing.undo.text() == "Undo Add segment 光刻胶"
    editing.undo.trigger()
    qtbot.waitUntil(lambda: "光刻胶" not in card_names(window), timeout=20_000)
    assert content(demo_db) == before_segment
    editing.redo.trigger()
    qtbot.waitUntil(lambda: "光刻胶" in card_names(window), timeout=20_000)
    assert content(demo_db) == with_segment
    editing.redo.trigger()
    qtbot.waitUntil(lambda: ("光刻胶", "晶圆制造") in links(window), timeout=20_000)
    assert content(demo_db) == with_link
    assert not editing.redo.isEnabled()
    settle(qtbot)


def test_a_link_closing_a_cycle_is_refused_with_the_cycle_named(qtbot, demo_db, window) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    first = add_segment(demo_db, chain_id, {"name": "甲", "tier": "midstream"}, actor="t")
    second = add_segment(demo_db, chain_id, {"name": "乙", "tier": "midstream"}, actor="t")
    add_link(demo_db, first.id, second.id, actor="t")
    show_chain(qtbot, window, CHAIN)
    window.refresh()
    qtbot.waitUntil(lambda: ("甲", "乙") in links(window), timeout=20_000)
    before = content(demo_db)
    steps = window.editing.editor.stack.count()
    drag_link(qtbot, window, second.id, first.id)
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox, "refusal")), timeout=10_000)
    assert "close a cycle: 甲 → 乙 → 甲" in refusal(window)
    assert content(demo_db) == before
    assert window.editing.editor.stack.count() == steps
    settle(qtbot)


def test_card_and_link_menus_offer_the_edits_and_delete_asks_what_goes(
    qtbot, demo_db, window, monkeypatch
) -> None:
    show_chain(qtbot, window, CHAIN)
    wafer = segment_id(demo_db, CHAIN, "晶圆制造")
    menu = window.editing.map.menu_at(window.scene.card_rect(wafer).center())
    names = {action.objectName() for action in menu.actions()}
    assert {"edit_segment", "add_target", "attach_firm", "delete_segment"} <= names
    link = next(ln for ln in window.scene.chain.links if ln.upstream == wafer)
    shape = dict(zip(window.scene.chain.links, window.scene.link_shapes(), strict=True))[link]
    half = len(shape.points) // 2
    middle = (shape.points[half - 1] + shape.points[half]) / 2
    found = window.editing.map.link_at(middle)
    assert found is not None and wafer in (found.upstream, found.downstream)
    asked: list[list[str]] = []
    monkeypatch.setattr(
        segment_commands, "confirm", lambda _p, _t, _q, details: asked.append(details) or True
    )
    before = content(demo_db)
    next(a for a in menu.actions() if a.objectName() == "delete_segment").trigger()
    qtbot.waitUntil(lambda: "晶圆制造" not in card_names(window), timeout=20_000)
    assert any(line.startswith("Links:") for line in asked[0])
    assert any(line.startswith("Target firms:") for line in asked[0])
    window.editing.undo.trigger()
    qtbot.waitUntil(lambda: "晶圆制造" in card_names(window), timeout=20_000)
    assert content(demo_db) == before
    settle(qtbot)


def test_a_team_lead_fixes_a_gap_and_the_card_turns_from_red_to_amber(
    qtbot, demo_db, window
) -> None:
    show_chain(qtbot, window, CHAIN)
    gap = segment_id(demo_db, CHAIN, "通信与数据中心")
    status = lambda: window.scene.card(gap).status  # noqa: E731
    assert status() is SegmentStatus.MISSING
    commands = window.editing.commands
    before = content(demo_db)
    assert commands.create_target(gap, {"firm": "南京云联通信有限公司", "stage": "contact"}) is None
    qtbot.waitUntil(
        lambda: any(
            t.firm == "南京云联通信有限公司" for t in window.scene.card(gap).fill_candidates
        ),
        timeout=20_000,
    )
    attached = commands.attach(
        gap,
        {"firm_id": None, "name": "南京新联光电有限公司", "role": "core", "location": "in_zone"},
    )
    assert attached is None
    qtbot.waitUntil(lambda: status() is SegmentStatus.WEAK, timeout=20_000)
    assert (
        window.editing.undo.text() == "Undo Attach new firm 南京新联光电有限公司 to 通信与数据中心"
    )
    window.editing.undo.trigger()
    qtbot.waitUntil(lambda: status() is SegmentStatus.MISSING, timeout=20_000)
    window.editing.undo.trigger()
    qtbot.waitUntil(lambda: not window.scene.card(gap).fill_candidates[1:], timeout=20_000)
    assert content(demo_db) == before
    window.editing.redo.trigger()
    window.editing.redo.trigger()
    qtbot.waitUntil(lambda: status() is SegmentStatus.WEAK, timeout=20_000)
    settle(qtbot)


def test_the_segment_dialog_keeps_a_refused_name_and_says_why(qtbot, demo_db, window) -> None:
    show_chain(qtbot, window, CHAIN)
    window.editing.commands.add_segment(
        window.scene.card(segment_id(demo_db, CHAIN, "晶圆制造")).tier
    )
    dialog = window.editing.commands.dialog
    qtbot.waitUntil(dialog.isVisible)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.name.setText("晶圆制造")
    assert ok.isEnabled()
    dialog.accept()
    assert dialog.isVisible()
    assert "already has a segment called 晶圆制造" in dialog.error.text()
    dialog.reject()
    settle(qtbot)


def test_an_undo_refused_because_someone_else_changed_the_row_clears_the_history(
    qtbot, demo_db, window
) -> None:
    show_chain(qtbot, window, CHAIN)
    editing = window.editing
    assert editing.commands.create_segment({"name": "光刻胶", "tier": "upstream"}) is None
    qtbot.waitUntil(lambda: "光刻胶" in card_names(window), timeout=20_000)
    new = segment_id(demo_db, CHAIN, "光刻胶")
    with elsewhere(demo_db) as other:
        update_segment(other, new, {"description": "李四补充"}, actor="李四", expected_version=None)
    editing.undo.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox, "refusal")), timeout=10_000)
    shown = refusal(window)
    assert "李四" in shown and "undo history was cleared" in shown
    qtbot.waitUntil(lambda: editing.editor.stack.count() == 0, timeout=10_000)
    assert segment_values(demo_db, new)[1]["description"] == "李四补充"
    settle(qtbot)
