"""Signing in and the audit view, offscreen."""

from __future__ import annotations

import getpass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMenu

from chainchief.domain.enums import UserRole
from chainchief.services.admin.settings import set_setting
from chainchief.services.admin.users import add_user
from chainchief.store.db import Database
from chainchief.ui.pages.audit import AuditDialog
from chainchief.ui.shell import login_dialog
from chainchief.ui.shell.login_dialog import LoginDialog, sign_in
from chainchief.ui.workers import wait_for_workers

SECRET = "correct horse battery"


def test_a_database_without_users_opens_as_the_os_user(qtbot, db: Database) -> None:
    assert sign_in(db) == getpass.getuser()


def test_a_wrong_password_keeps_the_dialog_open_and_says_so(qtbot, db: Database) -> None:
    add_user(db, "boss", UserRole.ADMIN, SECRET, actor="os-user")
    dialog = LoginDialog(db, name="boss")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("wrong password")
    dialog.accept()
    assert dialog.isVisible() and dialog.user is None
    assert "Wrong user name or password" in dialog.error.text()
    assert dialog.password.text() == ""
    dialog.password.setText(SECRET)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.user is not None and dialog.user.role is UserRole.ADMIN


def test_sign_in_returns_the_account_or_none_when_cancelled(qtbot, db, monkeypatch) -> None:
    add_user(db, "boss", UserRole.ADMIN, SECRET, actor="os-user")

    def answer(dialog: LoginDialog) -> int:
        dialog.name.setText("boss")
        dialog.password.setText(SECRET)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", answer)
    assert sign_in(db) == "boss"
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert login_dialog.sign_in(db) is None


def test_the_audit_view_lists_filters_and_edits_nothing(qtbot, db: Database) -> None:
    set_setting(db, "backup.keep", "4", actor="张三")
    set_setting(db, "meeting.default_place", "三楼会议室", actor="李四")
    dialog = AuditDialog(db)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    newest = dialog.model.index(0, 1)
    assert newest.data() == "李四"
    assert dialog.model.index(1, 2).data() == "change setting “backups kept”: value: 10 → 4"
    assert not dialog.model.flags(newest) & Qt.ItemFlag.ItemIsEditable
    dialog.user.setCurrentIndex(dialog.user.findData("张三"))
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.model.index(0, 1).data() == "张三"
    wait_for_workers()


def test_the_file_menu_opens_the_audit_view(qtbot, open_window, demo_db: Database) -> None:
    window = open_window(demo_db)
    menu = window.menuBar().findChild(QMenu, "file_menu")
    assert window.audit_action in menu.actions()
    window.audit_action.trigger()
    dialogs = [child for child in window.findChildren(AuditDialog) if child.isVisible()]
    assert len(dialogs) == 1
    qtbot.waitUntil(lambda: dialogs[0].model.rowCount() > 0, timeout=10_000)
    dialogs[0].close()
    wait_for_workers()
