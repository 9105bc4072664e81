"""The map window's controls agree with the map: the view toggle from every way of using it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from chainchief.ui.map.scene import MapView
from tests.gui.test_map_window import show_chain

CHAIN = "集成电路"


def test_view_toggle_is_one_exclusive_choice_the_map_follows(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    acts = window.map_actions
    toolbar = window.findChild(type(window.addToolBar("probe")), "map_tools")
    buttons = {act: toolbar.widgetForAction(act) for act in (acts.status_view, acts.panorama)}
    assert all(isinstance(button, QToolButton) for button in buttons.values())

    def agree(view: MapView) -> None:
        assert window.scene.view is view
        assert acts.status_view.isChecked() is (view is MapView.STATUS)
        assert acts.panorama.isChecked() is (view is MapView.PANORAMA)
        assert buttons[acts.status_view].isChecked() is (view is MapView.STATUS)
        assert buttons[acts.panorama].isChecked() is (view is MapView.PANORAMA)

    agree(MapView.STATUS)
    qtbot.mouseClick(buttons[acts.panorama], Qt.MouseButton.LeftButton)
    agree(MapView.PANORAMA)
    qtbot.mouseClick(buttons[acts.status_view], Qt.MouseButton.LeftButton)
    agree(MapView.STATUS)
    # Clicking the pressed button again must not leave both unpressed.
    qtbot.mouseClick(buttons[acts.status_view], Qt.MouseButton.LeftButton)
    agree(MapView.STATUS)
    acts.panorama.trigger()  # the View menu and Ctrl+2 trigger the action
    agree(MapView.PANORAMA)
    acts.status_view.trigger()
    agree(MapView.STATUS)
    window.activateWindow()
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    agree(MapView.PANORAMA)
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    agree(MapView.STATUS)


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
