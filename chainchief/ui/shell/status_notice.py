"""The status bar's line for finished tasks: what was done, and links that open the file
written or the folder holding it (the meeting pack, the circular, the exported map…)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar

from chainchief.i18n import _
from chainchief.ui.task_notices import notices

SHOWN_MS = 60_000
OPEN, FOLDER = "open", "folder"


class StatusNotice(QLabel):
    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.setObjectName("task_notice")
        self.setAccessibleName(_("Finished tasks"))
        self.setTextFormat(Qt.TextFormat.RichText)
        links = Qt.TextInteractionFlag.LinksAccessibleByMouse
        self.setTextInteractionFlags(links | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A long path must not make the window wider: the line is cut instead, and its
        # tooltip holds the whole path.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.output: Path | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_notice)
        self.linkActivated.connect(self.open_link)
        bar.addWidget(self, 1)
        notices().announced.connect(self.show_notice)

    def show_notice(self, text: str, output: str) -> None:
        self.output = Path(output) if output else None
        links = []
        if self.output is not None and self.output.is_dir():
            links.append(f'<a href="{OPEN}">{escape(_("Open folder"))}</a>')
        elif self.output is not None:
            links.append(f'<a href="{OPEN}">{escape(_("Open"))}</a>')
            links.append(f'<a href="{FOLDER}">{escape(_("Show in folder"))}</a>')
        self.setText(" · ".join([escape(text), *links]))
        self.setToolTip(output)
        # A Tab stop only while there is a link to follow.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus if links else Qt.FocusPolicy.NoFocus)
        self._timer.start(SHOWN_MS)

    def clear_notice(self) -> None:
        self.clear()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def open_link(self, link: str) -> None:
        if self.output is None:
            return
        target = self.output.parent if link == FOLDER else self.output
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
