"""The map window's controls agree with the map: the view toggle from every way of using it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from chainchief.ui.map.scene import MapMode
from chainchief.ui.models.records import ROW_ROLE
from tests.gui.test_map_window import show_chain

CHAIN = "集成电路"


def test_view_toggle_is_one_exclusive_choice_the_map_follows(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    acts = window.map_actions
    toolbar = window.findChild(type(window.addToolBar("probe")), "map_tools")
    buttons = {act: toolbar.widgetForAction(act) for act in (acts.status_view, acts.panorama)}
    assert all(isinstance(button, QToolButton) for button in buttons.values())

    def agree(view: MapMode) -> None:
        assert window.scene.view is view
        assert acts.status_view.isChecked() is (view is MapMode.STATUS)
        assert acts.panorama.isChecked() is (view is MapMode.PANORAMA)
        assert buttons[acts.status_view].isChecked() is (view is MapMode.STATUS)
        assert buttons[acts.panorama].isChecked() is (view is MapMode.PANORAMA)

    agree(MapMode.STATUS)
    qtbot.mouseClick(buttons[acts.panorama], Qt.MouseButton.LeftButton)
    agree(MapMode.PANORAMA)
    qtbot.mouseClick(buttons[acts.status_view], Qt.MouseButton.LeftButton)
    agree(MapMode.STATUS)
    # Clicking the pressed button again must not leave both unpressed.
    qtbot.mouseClick(buttons[acts.status_view], Qt.MouseButton.LeftButton)
    agree(MapMode.STATUS)
    acts.panorama.trigger()  # the View menu and Ctrl+2 trigger the action
    agree(MapMode.PANORAMA)
    acts.status_view.trigger()
    agree(MapMode.STATUS)
    window.activateWindow()
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    agree(MapMode.PANORAMA)
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    agree(MapMode.STATUS)


def test_typing_in_the_navigator_filter_only_filters(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    shown = window.chain_id
    loads: list[object] = []
    window.map_loaded.connect(lambda *args: loads.append(args))
    chosen: list[int] = []
    window.navigator.chain_chosen.connect(chosen.append)
    for character in "新能源":  # typed one character at a time (keyClicks is ASCII only)
        window.navigator.filter_box.insert(character)
    qtbot.wait(200)
    assert window.navigator.chain_names() == ["新能源汽车"]
    assert (window.chain_id, window.scene.chain.chain) == (shown, CHAIN)
    assert chosen == [] and loads == []
    window.navigator.filter_box.clear()
    qtbot.wait(200)
    assert window.navigator.current_chain() == shown
    assert chosen == [] and window.chain_id == shown


def row_is_highlighted(window, name: str) -> bool:
    """Whether the navigator paints the chain's row in the selection colour (pixels)."""
    nav = window.navigator
    row = nav.chain_names().index(name)
    rect = nav.list.visualRect(nav.proxy.index(row, 0))
    image = nav.list.viewport().grab().toImage()
    colour = image.pixelColor(rect.left() + 3, rect.center().y())
    return colour == nav.list.palette().highlight().color()


def test_a_search_jump_moves_the_highlight_and_a_miss_says_so(qtbot, open_window, demo_db) -> None:
    from chainchief.services.chains.details import search_map

    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    window.navigator.show()
    qtbot.wait(50)
    assert row_is_highlighted(window, CHAIN)
    hit = next(h for h in search_map(demo_db, "整车制造") if h.chain == "新能源汽车")
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        window.search_box.hit_chosen.emit(hit)
    qtbot.wait(100)
    assert window.scene.chain.chain == "新能源汽车"
    assert window.scene.selected == hit.segment_id
    assert row_is_highlighted(window, "新能源汽车")
    assert not row_is_highlighted(window, CHAIN)

    box = window.search_box
    chosen: list[object] = []
    box.hit_chosen.connect(chosen.append)
    box.setText("没有这个环节")
    box.choose_first()
    assert chosen == []
    assert box.completer().model().stringList() == [box.no_hits_text()]
    assert "没有这个环节" in box.no_hits_text()


def test_the_default_view_fits_the_width_with_legible_names(qtbot, open_window, demo_db) -> None:
    from chainchief.ui.map import palette

    window = open_window(demo_db)
    window.resize(1366, 768)
    window.inspector.show()
    for name in ("新能源汽车", CHAIN, "智能电网"):
        show_chain(qtbot, window, name)
        window.view.fit_width()
        scale = window.view.scale_factor()
        names = palette.NAME_PIXELS if scale >= palette.FULL_CARD_SCALE else palette.BIG_NAME_PIXELS
        assert names * scale >= palette.READABLE_PIXELS - 1e-9, name
        width = window.scene.map_rect().width() * scale
        assert width <= window.view.viewport().width() + 1 or scale == palette.READABLE_SCALE


def pins(db, chain_name: str) -> dict[int, tuple[float, float]]:
    from chainchief.services.chains.chain_map import chain_map_by_name

    chain = chain_map_by_name(db, chain_name)
    return {c.segment_id: (c.x, c.y) for c in chain.cards if c.pinned}


def test_drags_pins_and_relayout_are_undo_steps(qtbot, open_window, demo_db) -> None:
    from editing_support import settle
    from PySide6.QtCore import QPointF

    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    stack = window.editing.editor.stack
    first, second = (card.segment_id for card in window.scene.chain.cards[:2])
    start = stack.count()

    def drop(segment_id: int, x: float, y: float) -> None:
        with qtbot.waitSignal(window.map_loaded, timeout=20_000):
            window.scene.card_dragged(segment_id, QPointF(x, y))
            window.scene.card_dropped(segment_id, QPointF(x, y))

    drop(first, -400.0, 10.0)
    drop(first, -500.0, 20.0)  # the same card again: merged into one step
    assert pins(demo_db, CHAIN) == {first: (-500.0, 20.0)}
    assert stack.count() == start + 1
    drop(second, -500.0, 400.0)
    assert stack.count() == start + 2
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        window.map_actions.relayout.trigger()
    assert pins(demo_db, CHAIN) == {}
    assert stack.count() == start + 3
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        stack.undo()
    assert pins(demo_db, CHAIN) == {first: (-500.0, 20.0), second: (-500.0, 400.0)}
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        stack.undo()
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        stack.undo()
    assert pins(demo_db, CHAIN) == {}
    settle(qtbot)


def test_choosing_a_chain_filters_the_action_items_and_indicators_pages(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    actions = window.quarter.actions
    window.show_page(actions)
    qtbot.waitUntil(lambda: actions.chain_box.count() > 2, timeout=20_000)
    other = next(row for row in window.navigator.model.rows if row.chain == "新能源汽车")
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        window.navigator.select_chain(other.chain_id)
    assert actions.chain_box.currentData() == "新能源汽车"
    actions.chain_box.setCurrentIndex(0)  # 全部产业链
    assert actions.chain_box.currentData() != "新能源汽车"

    indicators = window.quarter.indicators
    window.show_page(indicators)
    qtbot.waitUntil(lambda: indicators.chain_box.count() > 2, timeout=20_000)
    chain_id = next(row.chain_id for row in window.navigator.model.rows if row.chain == CHAIN)
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        window.navigator.select_chain(chain_id)
    assert indicators.chain_box.currentText() == CHAIN


def test_choosing_a_chain_filters_the_targets_table(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    page = window.editing.pages.targets
    window.show_page(page)
    table = page.table
    qtbot.waitUntil(lambda: table.model.rowCount() > 0, timeout=20_000)

    def shown_chains() -> set[str]:
        return {table.proxy.index(r, 0).data(ROW_ROLE).chain for r in range(table.proxy.rowCount())}

    assert len(shown_chains()) > 1
    other = next(row for row in window.navigator.model.rows if row.chain == "新能源汽车")
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        window.navigator.select_chain(other.chain_id)
    assert shown_chains() == {"新能源汽车"}
    table.chain_box.setCurrentIndex(0)  # 全部产业链
    assert len(shown_chains()) > 1


def test_choosing_a_chain_filters_the_firms_people_and_departments_tables(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    pages = window.editing.pages
    ids = {row.chain: row.chain_id for row in window.navigator.model.rows}
    served = {
        "firms": lambda row: {s.chain for s in row.segments},
        "people": lambda row: {*row.chief_of, *row.team_lead_of, *row.member_of},
        "departments": lambda row: {*row.leads, *row.supports, *row.action_items_in},
    }
    shown_tables = (
        ("firms", pages.firms, pages.firms, "新能源汽车"),
        ("people", pages.people, pages.people.people, CHAIN),  # a new choice each time
        ("departments", pages.people, pages.people.departments, "轨道交通"),
    )
    for name, page, table, chain in shown_tables:
        window.show_page(page)
        qtbot.waitUntil(lambda table=table: table.model.rowCount() > 0, timeout=20_000)
        table.chain_box.setCurrentIndex(0)  # the people's choice also scoped the departments
        everyone = table.proxy.rowCount()
        with qtbot.waitSignal(window.map_loaded, timeout=20_000):
            window.navigator.select_chain(ids[chain])
        assert table.chain_box.currentText() == chain
        shown = [table.proxy.index(r, 0).data(ROW_ROLE) for r in range(table.proxy.rowCount())]
        assert 0 < len(shown) < everyone, name
        assert all(chain in served[name](row) for row in shown), name
        assert table.count.text() == f"{len(shown)} of {everyone} rows", name
        table.chain_box.setCurrentIndex(0)  # 全部产业链
        assert table.proxy.rowCount() == everyone, name
        assert table.count.text() == f"{everyone} rows", name
