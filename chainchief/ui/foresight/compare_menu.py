"""The Map menu's 历史对比 item. The view itself (``compare``) is imported when first opened:
the window's start does not pay for a view most sessions never open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from chainchief.i18n import _
from chainchief.services.workspace import Workspace


def install_compare_view(
    menu: QMenu, parent: QWidget, current: Callable[[], tuple[Workspace, int | None]]
) -> QAction:
    """An item at the end of ``menu``; ``current`` names the database and the chain on the map."""
    action = QAction(_("&History and changes…"), parent)
    action.setObjectName("compare_history_action")
    action.setStatusTip(_("The chain as it stood at each snapshot, and what changed"))
    action.triggered.connect(lambda _checked=False: _open(parent, *current()))
    menu.addAction(action)
    return action


def _open(parent: QWidget, db: Workspace, chain_id: int | None) -> None:
    from chainchief.ui.foresight.compare import open_compare

    open_compare(parent, db, chain_id)
