"""The help window: the chapters on the left, the chapter on the right (a QTextBrowser).

Links between chapters are followed here, so a translated chapter that links to one not yet
translated opens the Chinese one; links out of the guide open in the system's browser.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chainchief.i18n import _
from chainchief.ui.help.chapters import CHAPTERS, INDEX, chapter_file

TOC_WIDTH = 210
WIDTH = TOC_WIDTH + 860
"""Wide enough for the guide's 800 px pictures beside the contents, and within 1280 px."""


class HelpWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("help_window")
        self.setWindowTitle(_("ChainChief help"))
        self.contents = QListWidget(self)
        self.contents.setObjectName("help_contents")
        self.contents.setAccessibleName(_("Chapters"))
        for chapter in (None, *CHAPTERS):
            item = QListWidgetItem(_("Contents") if chapter is None else chapter.label)
            item.setData(Qt.ItemDataRole.UserRole, INDEX if chapter is None else chapter.name)
            self.contents.addItem(item)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_browser")
        self.browser.setAccessibleName(_("Help text"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.contents.currentItemChanged.connect(self._chosen)
        splitter = QSplitter(self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([TOC_WIDTH, WIDTH - TOC_WIDTH])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        close = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        close.activated.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.close)
        self.chapter = ""
        self.anchor = ""
        self.resize(WIDTH, 640)

    def show_chapter(self, name: str, anchor: str = "") -> None:
        """Open chapter ``name`` (at ``anchor``) and select it in the contents."""
        self.chapter, self.anchor = name, anchor
        self.browser.setSource(QUrl.fromLocalFile(str(chapter_file(name))))
        if anchor:
            self.browser.scrollToAnchor(anchor)
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                blocked = self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(blocked)

    def _chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.show_chapter(current.data(Qt.ItemDataRole.UserRole))

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        name = url.fileName().removesuffix(".html")
        if not name:
            self.browser.scrollToAnchor(url.fragment())
            return
        self.show_chapter(name, url.fragment())
