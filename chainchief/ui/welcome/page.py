"""The welcome page: what a new user can do with an empty database, as three big buttons.

It knows no command itself: the window hands it the calls (import, demo, new chain, template),
so the page stays a view and the File menu's commands stay the only way each thing is done.
A workbook dropped on the page goes to the same import as File → Import workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from chainchief.i18n import _
from chainchief.ui.icons import icon

WORKBOOK_SUFFIX = ".xlsx"


@dataclass(frozen=True)
class WelcomeCalls:
    """What the page's buttons and link start (the window's own commands)."""

    import_workbook: Callable[[], object]
    import_file: Callable[[str], object]
    load_demo: Callable[[], object]
    new_chain: Callable[[], object]
    template: Callable[[], object]


def dropped_workbook(event: QDropEvent | QDragEnterEvent) -> str | None:
    """The one local .xlsx file being dragged, else None."""
    data = event.mimeData()
    urls = data.urls() if data.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    return path if path.lower().endswith(WORKBOOK_SUFFIX) else None


class WelcomePage(QFrame):
    def __init__(self, calls: WelcomeCalls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome_page")
        self.setAutoFillBackground(True)
        self.setAcceptDrops(True)
        self.calls = calls
        self.setAccessibleName(_("Welcome"))
        self.setAccessibleDescription(
            _(
                "The database holds no chain yet: import a workbook, load the demo or create "
                "a chain."
            )
        )
        title = QLabel(_("Welcome to ChainChief"), self)
        title.setObjectName("welcome_title")
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(
            _(
                "This database holds no industry chain yet. Start with one of these; "
                "the chain map appears as soon as there is a chain."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.import_button = self._button(
            "export",
            _("Import workbook…"),
            _("Read chains, segments and firms from an Excel workbook"),
            calls.import_workbook,
        )
        self.demo_button = self._button(
            "chains",
            _("Load the demo data"),
            _("A made-up city with eight chains, to look around and try things"),
            calls.load_demo,
        )
        self.new_button = self._button(
            "add",
            _("New chain…"),
            _("Name the chain and its people, then add its segments tier by tier"),
            calls.new_chain,
        )
        self.template_link = QLabel(
            "<a href='template'>{}</a>".format(_("Export the import template with its 填写说明")),
            self,
        )
        self.template_link.setObjectName("welcome_template")
        self.template_link.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.template_link.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.template_link.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.template_link.setAccessibleName(_("Export the import template"))
        self.template_link.linkActivated.connect(lambda _link: calls.template())
        self.drop_hint = QLabel(_("Or drag an .xlsx workbook onto this page."), self)
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setStyleSheet("color: #4a5360;")
        column = QVBoxLayout()
        column.setSpacing(14)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(8)
        for button in (self.import_button, self.demo_button, self.new_button):
            column.addWidget(button)
        column.addSpacing(4)
        column.addWidget(self.template_link)
        column.addWidget(self.drop_hint)
        holder = QWidget(self)
        holder.setLayout(column)
        # As wide as the widest button needs (a button does not wrap its text), no wider.
        intro.setMaximumWidth(560)
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def _button(
        self, icon_name: str, text: str, detail: str, run: Callable[[], object]
    ) -> QPushButton:
        """A big button: the command on the first line, what it does on the second."""
        button = QPushButton(icon(icon_name), f"{text}\n{detail}", self)
        button.setAccessibleName(text)
        button.setAccessibleDescription(detail)
        button.setToolTip(detail)
        button.setMinimumHeight(64)
        button.setStyleSheet(
            "QPushButton { text-align: left; padding: 8px 14px; font-size: 11pt; }"
        )
        button.setAutoDefault(True)
        button.clicked.connect(lambda _checked=False: run())
        return button

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_workbook(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_workbook(event)
        if path is not None:
            event.acceptProposedAction()
            self.calls.import_file(path)
