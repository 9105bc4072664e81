"""The main window's pages, grouped: a short row of group tabs (产业链图, 调度督办, 招商, 基础数据)
and, inside a group of several pages, a row of page tabs.

Thirteen pages side by side needed scroll arrows as soon as the inspector was open, and hid
"Chains" behind them; four groups of at most five pages fit at 1280×720 in Chinese and English.
Pages are still addressed one by one, in the order they were added (``count``, ``widget``,
``tabText``, ``indexOf``, ``currentWidget``, ``setCurrentWidget``), whichever group holds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from chainchief.i18n import _
from chainchief.ui.icons import icon
from chainchief.ui.labels import literal
from chainchief.ui.page_groups import GROUP_TITLES, PageGroup


@dataclass(frozen=True)
class _Entry:
    widget: QWidget
    title: str
    group: PageGroup


class PageBook(QWidget):
    currentChanged = Signal(int)
    """The page on show changed (its index among all pages)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups = QTabWidget(self)
        self.groups.setObjectName("page_groups")
        self.groups.setDocumentMode(True)
        self._inner: dict[PageGroup, QTabWidget] = {}
        for group, (title, icon_name) in GROUP_TITLES.items():
            inner = QTabWidget()
            inner.setObjectName(f"pages_{group.value}")
            inner.setDocumentMode(True)
            inner.setTabBarAutoHide(True)
            inner.currentChanged.connect(self._changed)
            self._inner[group] = inner
            self.groups.addTab(inner, icon(icon_name), literal(_(title)))
        self.groups.currentChanged.connect(self._changed)
        self._entries: list[_Entry] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.groups)

    def add_page(
        self, widget: QWidget, title: str, group: PageGroup, icon_name: str | None = None
    ) -> int:
        inner = self._inner[group]
        if icon_name is None:
            inner.addTab(widget, literal(title))
        else:
            inner.addTab(widget, icon(icon_name), literal(title))
        self._entries.append(_Entry(widget, title, group))
        return len(self._entries) - 1

    def tab_widgets(self) -> list[QTabWidget]:
        """The group tabs first, then each group's page tabs."""
        return [self.groups, *self._inner.values()]

    def count(self) -> int:
        return len(self._entries)

    def widget(self, index: int) -> QWidget:
        return self._entries[index].widget

    def tabText(self, index: int) -> str:
        """The page's title as given (``&`` single)."""
        return self._entries[index].title

    def indexOf(self, widget: QWidget | None) -> int:
        return next((n for n, entry in enumerate(self._entries) if entry.widget is widget), -1)

    def currentWidget(self) -> QWidget | None:
        inner = self.groups.currentWidget()
        return inner.currentWidget() if isinstance(inner, QTabWidget) else None

    def currentIndex(self) -> int:
        return self.indexOf(self.currentWidget())

    def setCurrentWidget(self, widget: QWidget) -> None:
        index = self.indexOf(widget)
        if index < 0:
            return
        inner = self._inner[self._entries[index].group]
        inner.setCurrentWidget(widget)
        self.groups.setCurrentWidget(inner)

    def setCurrentIndex(self, index: int) -> None:
        self.setCurrentWidget(self._entries[index].widget)

    def _changed(self, _index: int) -> None:
        self.currentChanged.emit(self.currentIndex())
