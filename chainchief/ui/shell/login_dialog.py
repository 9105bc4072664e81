"""Signing in to a shared database (DESIGN.md §3 user roles).

A database without users is single-user: the window opens as the OS user, with no question
asked. Once an admin has added users, the window opens only after a user name and password
the users service accepts; a wrong one is said so in the dialog, which stays open. On an office
server the dialog comes first: the app connects as the user's own login role, and the server
checks the password (``check`` is then the connection, made by ``app``).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.admin.accounts import users_exist
from chainchief.services.workspace import Workspace
from chainchief.ui.colours import error_style

if TYPE_CHECKING:
    from chainchief.services.admin.users import UserRow

Check = Callable[[str, str], "UserRow"]
"""Name and password to the account, or a UserError saying why not."""


class LoginDialog(QDialog):
    """User name and password; ``user`` holds the account once accepted."""

    def __init__(
        self,
        db: Workspace | None,
        parent: QWidget | None = None,
        name: str = "",
        check: Check | None = None,
    ) -> None:
        super().__init__(parent)
        if check is None:
            # Imported only when the file has accounts: the mapped models it needs are not
            # loaded before the window's first paint otherwise.
            from chainchief.services.admin.users import authenticate

            assert db is not None
            workspace = db
            check = lambda name, password: authenticate(workspace, name, password)  # noqa: E731
        self.check = check
        self.user: UserRow | None = None
        self.setWindowTitle(_("Sign in to ChainChief"))
        self.name = QLineEdit(name)
        self.name.setObjectName("login_name")
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("login_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_style())
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("User name"), self.name)
        form.addRow(_("Password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(_("This database is shared: sign in with the account an admin gave you."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if name else self.name).setFocus()

    def accept(self) -> None:
        try:
            self.user = self.check(self.name.text(), self.password.text())
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        super().accept()


def sign_in(db: Workspace, parent: QWidget | None = None) -> str | None:
    """Who uses the window: the OS user on a single-user database, else the signed-in user.

    None when the user cancelled the sign-in.
    """
    if not users_exist(db):
        return getpass.getuser()
    dialog = LoginDialog(db, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.user is None:
        return None
    return dialog.user.name


def sign_in_to_server(check: Check, parent: QWidget | None = None) -> UserRow | None:
    """The account signed in through ``check`` (which connects as it); None when cancelled."""
    dialog = LoginDialog(None, parent, check=check)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.user
