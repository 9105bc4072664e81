"""A workspace tab whose page is built the first time it is shown or asked for.

The window opens on the chain map. Importing and building the eight other pages (tables,
meetings, indicators) before the first paint cost about a fifth of a second of a cold start
that should stay under one and a half; their tabs are there from the start, their pages are
made when the user (or the code) first needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

PageT = TypeVar("PageT", bound=QWidget)


class LazyPage(QWidget, Generic[PageT]):
    """Holds the tab's place and builds its page with ``build`` on first show or ``page``."""

    def __init__(self, build: Callable[[], PageT], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build: Callable[[], PageT] | None = build
        self._page: PageT | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._page is not None

    @property
    def page(self) -> PageT:
        if self._page is None:
            assert self._build is not None
            self._page = self._build()
            self._build = None
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._page)
        return self._page

    def showEvent(self, event: QShowEvent) -> None:
        self.page.show()
        super().showEvent(event)
