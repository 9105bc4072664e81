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
