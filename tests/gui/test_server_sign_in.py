"""Signing in to a secured office server in the app: the dialog connects as the user."""

from __future__ import annotations

from collections.abc import Callable

from pg_support import PgServer, secured_database
from PySide6.QtWidgets import QDialog

from chainchief import app
from chainchief.domain.enums import UserRole
from chainchief.services.admin.users import add_user
from chainchief.store.db import open_database
from chainchief.store.server import login_role
from chainchief.ui.shell.login_dialog import LoginDialog

SECRET = "boss-secret-1"


def _answers(said: list[str], *tries: tuple[str, str]) -> Callable[[LoginDialog], int]:
    """A stand-in for ``exec``: types each name and password in turn; ``said`` gets what the
    dialog answered to each."""

    def answer(dialog: LoginDialog) -> int:
        for name, password in tries:
            dialog.name.setText(name)
            dialog.password.setText(password)
            dialog.accept()
            said.append(dialog.error.text())
        return dialog.result()

    return answer


def test_the_app_connects_as_the_user_who_signs_in(qtbot, pg_server: PgServer, monkeypatch):
    with secured_database(pg_server, pg_server.empty_template()) as secured:
        first = open_database(secured.super_url)
        try:
            add_user(first, "boss", UserRole.ADMIN, SECRET, actor="setup")
        finally:
            first.dispose()
        said: list[str] = []
        answers = _answers(said, ("boss", "wrong"), ("boss", SECRET))
        monkeypatch.setattr(LoginDialog, "exec", answers)
        assert app._wants_server_sign_in(secured.url)
        signed = app._sign_in_to_server(secured.url)
        assert signed is not None
        database, actor = signed
        try:
            assert actor == "boss"
            assert said[0] == "Wrong user name or password."
            with database.engine.connect() as connection:
                who = connection.exec_driver_sql("SELECT session_user").scalar()
            assert who == login_role(secured.prefix, "boss")
        finally:
            database.dispose()
        monkeypatch.setattr(LoginDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
        assert app._sign_in_to_server(secured.url) is None
