"""The File menu's Audit log… item. The view itself (ui/pages/audit.py) is imported when first
opened: the window's start does not pay for a dialog most sessions never open."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from chainchief.i18n import _
from chainchief.services.workspace import Workspace


def install_audit_view(menu: QMenu, window: QWidget, db: Workspace) -> QAction:
    """An item of ``menu`` (the File menu) that opens the audit view of ``db`` over ``window``
    (the menu's end, above Quit)."""
    action = QAction(_("&Audit log…"), window)
    action.setObjectName("audit_log_action")
    action.setStatusTip(_("Who changed what, when and how"))
    action.triggered.connect(lambda _checked=False: _open(window, db))
    actions = menu.actions()
    anchor = actions[-1] if actions else None
    if len(actions) >= 2 and actions[-2].isSeparator():
        anchor = actions[-2]
    menu.insertAction(anchor, action)  # type: ignore[arg-type]
    return action


def _open(window: QWidget, db: Workspace) -> None:
    from chainchief.ui.pages.audit import open_audit_view

    open_audit_view(window, db)
