"""The window's start: the bundled font registered on a thread under its named family, and
the chain drawn first is the one shown last (chosen off the GUI thread)."""

from __future__ import annotations

import threading

from chainchief.services.chains.lists import list_chains
from chainchief.ui.fonts import (
    BUNDLED_FAMILY,
    PREFERRED_FAMILIES,
    register_bundled_font,
    register_in_background,
    ui_font,
)
from chainchief.ui.shell.window_state import ui_settings


def test_the_bundled_font_registers_once_under_the_family_the_ui_font_names(qapp) -> None:  # type: ignore[no-untyped-def]
    register_in_background().join(timeout=30)
    found: list[list[str]] = []
    threads = [
        threading.Thread(target=lambda: found.append(register_bundled_font())) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(found) == 4 and all(families is found[0] for families in found)
    assert BUNDLED_FAMILY in found[0]
    assert ui_font().families() == [*PREFERRED_FAMILIES, BUNDLED_FAMILY]


def test_the_chain_shown_last_is_drawn_first(demo_db, open_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    chains = list_chains(demo_db)
    last = chains[-1].id
    settings = ui_settings()
    settings.setValue("map/chain", last)
    settings.sync()
    window = open_window(demo_db)
    assert window.chain_id == last
    assert window.scene.chain is not None and window.scene.chain.chain_id == last


def test_a_chain_shown_last_but_gone_gives_way_to_the_first(demo_db, open_window) -> None:  # type: ignore[no-untyped-def]
    settings = ui_settings()
    settings.setValue("map/chain", 999_999)
    settings.sync()
    window = open_window(demo_db)
    assert window.chain_id in {chain.id for chain in list_chains(demo_db)}
    assert window.chain_id != 999_999


def _menu_titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [action.text() for action in window.menuBar().actions()]


def _tool_places(window) -> list[int]:  # type: ignore[no-untyped-def]
    """Where the map's own tools sit on the tool bar (left edge of each button)."""
    acts = window.map_actions
    tools = [acts.status_view, acts.panorama, acts.gaps_only, acts.fit, acts.refresh, acts.export]
    return [window.map_tools.widgetForAction(action).x() for action in tools]


def test_the_first_map_shows_before_the_rest_of_the_window_is_built(demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    from chainchief.ui.shell.main_window import MainWindow

    window = MainWindow(demo_db, actor="tester")
    qtbot.addWidget(window)
    at_first_map: list[tuple[bool, int, list[str], list[int], int]] = []
    window.map_loaded.connect(
        lambda _chain: at_first_map.append(
            (
                window.started,
                window.pages.count(),
                _menu_titles(window),
                _tool_places(window),
                len(window.menus.edit.actions()),
            )
        )
    )
    window.show()
    qtbot.waitUntil(lambda: window.started, timeout=20_000)
    started, pages, menus, places, editing = at_first_map[0]
    assert not started and pages == 1 and editing == 0  # the map alone, its frame and menus
    assert window.pages.count() == 13 and window.menus.edit.actions()
    # The menus that come with the workbench have their titles from the start and the editing
    # tools their places: nothing on the menu or tool bar moves when the workbench is built.
    assert menus == _menu_titles(window) == [
        "&File", "&Edit", "&View", "&Map", "&Quarter", "&Supervision", "&Help"
    ]  # fmt: skip
    assert places == _tool_places(window)
    undo = window.map_tools.widgetForAction(window.editing.undo)
    assert undo is not None and undo.x() < places[0]
    assert window.pages.widget(0) is window.view and window.pages.currentWidget() is window.view
    window.close()
