"""Keyboard order and screen-reader names of the main window.

Tab runs as the eye reads the window: the chain filter and list on the left, the search
field, the page tabs, the page itself (the map), then the inspector on the right. Controls
that Qt would read as nothing are named when their page is first shown (pages are built
lazily, so naming them all at start would build them all); there too, Tab is made to leave
the read-only tables.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QToolButton, QWidget

from chainchief.i18n import _
from chainchief.ui.accessible import name_unnamed, tab_leaves_read_only_views

if TYPE_CHECKING:
    from chainchief.ui.shell.main_window import MainWindow


def install_accessibility(window: MainWindow) -> None:
    navigator, inspector = window.navigator, window.inspector
    navigator.filter_box.setAccessibleName(_("Filter chains"))
    navigator.list.setAccessibleName(_("Chains"))
    navigator.list.setAccessibleDescription(
        _("Each chain with its chief, completeness and open action items; choose one to map it")
    )
    window.search_box.setAccessibleName(_("Find a segment or firm"))
    group_bar = window.pages.groups.tabBar()
    group_bar.setAccessibleName(_("Pages"))
    # A tab widget makes its tab bar its focus proxy, and Qt treats a proxied widget as one
    # stop: Tab from the tabs skipped the map, and Tab from the map went back to the tabs.
    # Each tab bar becomes a plain stop of its own (Qt passes a focus policy on to the proxy,
    # so the proxy goes first).
    for tabs in window.pages.tab_widgets():
        tabs.setFocusProxy(None)  # type: ignore[arg-type]  # PySide6 types omit None
        tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for arrow in tabs.tabBar().findChildren(QToolButton):
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys scroll the tabs
    window.view.viewport().setAccessibleName(_("Chain map"))
    inspector.browser.setAccessibleName(_("Segment details"))
    buttons = [b for b in inspector.findChildren(QToolButton) if b.parentWidget() is not None]
    order: list[QWidget] = [
        navigator.filter_box,
        navigator.list,
        window.search_box,
        group_bar,
        window.view,
        *buttons,
        inspector.browser,
    ]
    for first, second in itertools.pairwise(order):
        QWidget.setTabOrder(first, second)

    def name_page(index: int) -> None:
        page = window.pages.widget(index)
        if page is not None:
            name_unnamed(page, window.pages.tabText(index))
            tab_leaves_read_only_views(page)

    # After the switch: a lazy page builds its content when first shown.
    window.pages.currentChanged.connect(
        lambda index: QTimer.singleShot(0, window, lambda: name_page(index))
    )
    name_page(window.pages.currentIndex())
