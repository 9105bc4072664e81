"""The inspector dock: everything about the selected segment, as one readable page.

The card's figures come from the map the scene shows and the rest from ``segment_details``,
so the inspector never disagrees with the card it describes.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QTextBrowser, QVBoxLayout, QWidget

from chainchief.domain.enums import SegmentStatus
from chainchief.i18n import N_, _
from chainchief.services.chains.chain_map import MapCard
from chainchief.ui.colours import LIGHT_FILL
from chainchief.ui.map import palette

if TYPE_CHECKING:
    # The details service (and the action-item service behind it) loads on the first
    # selection, not before the first map is painted.
    from chainchief.services.chains.details import SegmentDetails

STYLE = """
h2 { margin: 0 0 4px 0; }
h3 { margin: 14px 0 4px 0; color: #334455; }
table { border-collapse: collapse; }
td, th { padding: 2px 6px 2px 0; vertical-align: top; }
th { text-align: left; color: #555f6d; font-weight: normal; }
.muted { color: #555f6d; }
.chip { padding: 1px 6px; font-weight: bold; }
a { color: #1a1a1a; text-decoration: none; }
"""
SIMULATE = {
    "remove_firm": N_("Simulate departure"),
    "land_target": N_("Simulate landing"),
}


class InspectorDock(QDockWidget):
    simulate_requested = Signal(str, str)
    """模拟迁出 or 模拟落地 chosen on a name: the step kind and the firm's or target's name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Inspector"), parent)
        self.setObjectName("inspector")
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._context_menu)
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.setWidget(self.browser)
        self.clear()

    def put_tools_above(self, tools: QWidget) -> None:
        """Show ``tools`` (buttons acting on the shown segment) above the description."""
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(tools)
        layout.addWidget(self.browser)
        self.setWidget(body)

    def clear(self) -> None:
        self.shown_segment: int | None = None
        hint = _("Click a card to see its firms, targets and actions.")
        self.browser.setHtml(f"<p class='muted'>{escape(hint)}</p>")

    def show_segment(self, card: MapCard, details: SegmentDetails) -> None:
        self.shown_segment = card.segment_id
        self.browser.setHtml(segment_html(card, details))

    def text(self) -> str:
        return self.browser.toPlainText()

    def _context_menu(self, point: QPoint) -> None:
        menu = self.browser.createStandardContextMenu(point)
        kind, _sep, name = self.browser.anchorAt(point).partition(":")
        if kind in SIMULATE:
            first = menu.actions()[0] if menu.actions() else None
            action = menu.addAction(_(SIMULATE[kind]))
            action.setObjectName(f"simulate_{kind}")
            action.triggered.connect(lambda: self.simulate_requested.emit(kind, unquote(name)))
            if first is not None:
                menu.insertAction(first, action)
                menu.insertSeparator(first)
        menu.exec(self.browser.viewport().mapToGlobal(point))
        menu.deleteLater()


def _chip(status: SegmentStatus) -> str:
    fill = palette.STATUS_FILL[status].name()
    ink = palette.STATUS_TEXT[status].name()
    return (
        f"<span class='chip' style='background:{fill}; color:{ink}'>"
        f"&nbsp;{escape(status.label)}&nbsp;</span>"
    )


def _heading(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


def _table(
    headers: list[str],
    rows: list[list[str]],
    empty: str,
    fills: list[str | None] | None = None,
    link: str | None = None,
) -> str:
    """An HTML table; ``fills`` gives each row a background colour (#RRGGBB) or none; with
    ``link`` (a step kind) the first cell links ``kind:name``, so a right-click on the name can
    offer the simulation."""
    if not rows:
        return f"<p class='muted'>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    shades = fills or [None] * len(rows)

    def first(cell: str) -> str:
        if link is None:
            return escape(cell)
        return f"<a href='{link}:{quote(cell)}'>{escape(cell)}</a>"

    body = "".join(
        (f"<tr bgcolor='{fill}'>" if fill else "<tr>")
        + f"<td>{first(row[0])}</td>"
        + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
        + "</tr>"
        for row, fill in zip(rows, shades, strict=True)
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def segment_html(card: MapCard, details: SegmentDetails) -> str:
    flags = []
    if card.key:
        flags.append(_("Key segment"))
    if card.chokepoint:
        flags.append(_("Chokepoint"))
    elif card.critical:
        flags.append(_("Critical"))
    count = _("Local firms: {count}").format(count=card.local_firms)
    parts = [
        f"<h2>{escape(card.name)}</h2>",
        f"<p>{escape(card.tier.label)} &nbsp; {_chip(card.status)} &nbsp; "
        f"{escape(' · '.join(flags))}</p>",
        f"<p>{escape(count)}</p>",
    ]
    if details.description:
        parts.append(f"<p class='muted'>{escape(details.description)}</p>")
    parts.append(_heading(_("Local firms")))
    parts.append(
        _table(
            [_("Firm"), _("Role"), _("Tags")],
            [[f.name, f.role.label, "、".join(f.tags)] for f in details.local_firms],
            _("No firm in the zone serves this segment."),
            link="remove_firm",
        )
    )
    if details.other_firms:
        parts.append(_heading(_("Suppliers outside the zone")))
        parts.append(
            _table(
                [_("Firm"), _("Location"), _("Role")],
                [[f.name, f.location.label, f.role.label] for f in details.other_firms],
                "",
            )
        )
    parts.append(_heading(_("Target firms")))
    parts.append(
        _table(
            [_("Firm"), _("Stage"), _("Owner")],
            [[t.firm, t.stage.label, t.owner or ""] for t in details.targets],
            _("No target firm is tracked for this segment."),
            link="land_target",
        )
    )
    parts.append(_heading(_("Open action items")))
    parts.append(
        _table(
            [_("Item"), _("Owner"), _("Due"), _("Light")],
            [
                [
                    a.item,
                    a.owner or a.department or "",
                    a.due.isoformat() if a.due else "",
                    a.light.label if a.light else "",
                ]
                for a in details.open_actions
            ],
            _("No open action item mentions this segment."),
            [LIGHT_FILL[a.light].name() if a.light else None for a in details.open_actions],
        )
    )
    return "".join(parts)
