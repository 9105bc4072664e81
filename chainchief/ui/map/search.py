"""The tool bar's search box (Ctrl+F): find a segment or a firm, jump to its card.

Suggestions come from ``search_map`` as the user types (after a short pause); Enter takes the
highlighted suggestion, or the first one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from chainchief.i18n import _
from chainchief.ui.icons import icon

if TYPE_CHECKING:
    from chainchief.services.chains.details import SearchHit

PAUSE_MS = 200


def hit_label(hit: SearchHit) -> str:
    if hit.firm is None:
        return _("{segment} — {chain}").format(segment=hit.segment, chain=hit.chain)
    return _("{firm} → {segment} — {chain}").format(
        firm=hit.firm, segment=hit.segment, chain=hit.chain
    )


class SearchBox(QLineEdit):
    hit_chosen = Signal(object)
    """A ``SearchHit`` the user picked."""

    def __init__(self, search: Callable[[str], list[SearchHit]], parent: QWidget | None = None):
        super().__init__(parent)
        self._search = search
        self._hits: list[SearchHit] = []
        self.setPlaceholderText(_("Find a segment or firm (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.setMinimumWidth(220)
        self.setMaximumWidth(420)
        self._labels = QStringListModel(self)
        self._completer = QCompleter(self._labels, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self._completer.activated[str].connect(self._chosen_label)  # type: ignore[index]
        self.setCompleter(self._completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.refresh_hits)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self.choose_first)

    def refresh_hits(self) -> list[SearchHit]:
        """Suggestions for the text; when nothing matches, the one suggestion says so."""
        self._hits = self._search(self.text())
        labels = [hit_label(hit) for hit in self._hits]
        if not labels and self.text().strip():
            labels = [self.no_hits_text()]
        self._labels.setStringList(labels)
        if labels and self.hasFocus():
            self._completer.complete()
        return self._hits

    def no_hits_text(self) -> str:
        return _("Nothing found for “{text}”").format(text=self.text().strip())

    def choose_first(self) -> None:
        """Enter: the suggestion under the cursor, else the best hit for the text."""
        popup = self._completer.popup()
        assert popup is not None
        if popup.isVisible() and popup.currentIndex().isValid():
            self._chosen_label(popup.currentIndex().data())
            return
        self._timer.stop()
        hits = self.refresh_hits()
        if hits:
            popup.hide()
            self.hit_chosen.emit(hits[0])

    def _chosen_label(self, label: str) -> None:
        for hit in self._hits:
            if hit_label(hit) == label:
                self.hit_chosen.emit(hit)
                return
