"""Wires the GUI: QApplication, translations (ours and Qt's), fonts, the database, the window."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from chainchief.domain.errors import DatabaseDamaged, UserError
from chainchief.i18n import _, set_language
from chainchief.logs import configure_logging
from chainchief.preferences import load_preferences
from chainchief.startup import pause_collection, resume_collection, skip_pyside_source_scan

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from chainchief.store.db import Database

# PySide and the store (SQLAlchemy and the models) are imported where they are used: PySide
# first, then ``skip_pyside_source_scan``, then the rest. Imported with this module, PySide
# came first and its import hook read the source of each of the store's some 300 modules,
# about a tenth of a second on every start.

log = logging.getLogger(__name__)


def create_application(language: str) -> QApplication:
    """The QApplication with Qt's own strings translated and a CJK-safe font (the bundled one
    registered on a thread meanwhile: ``register_bundled_font`` waits for it)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    from chainchief.ui.fonts import register_in_background, ui_font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    register_in_background()
    app.setApplicationName("ChainChief")
    app.setOrganizationName("ChainChief")
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    # Qt's own date fields and calendars follow the chosen language, not the system's.
    QLocale.setDefault(chinese if language == "zh_CN" else QLocale(QLocale.Language.English))
    if language == "zh_CN":
        translator = QTranslator(app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(chinese, "qtbase", "_", path):
            app.installTranslator(translator)
    app.setFont(ui_font())
    return app


def open_for_gui(db_target: str | None, actor: str) -> Database:
    """Open the database; the default file on its first start gets the demo city."""
    from chainchief.services.admin.stats import is_empty
    from chainchief.store.db import open_database
    from chainchief.store.paths import default_database_path

    db = open_database(db_target)
    uses_default = db_target is None or Path(db_target) == default_database_path()
    if uses_default and is_empty(db):
        from chainchief.services.workbooks.demo import load_demo

        load_demo(db, force=False, actor=actor)
    return db


def _install_error_dialog(log_file: Path) -> None:
    """Unexpected errors in Qt slots go to the log and a plain dialog, never a traceback."""

    def report(kind: type[BaseException], value: BaseException, traceback: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        log.error("unexpected error in the GUI", exc_info=(kind, value, traceback))  # type: ignore[arg-type]
        message = (
            value.message
            if isinstance(value, UserError)
            else _("Unexpected error; details were written to {log}").format(log=log_file)
        )
        QMessageBox.critical(None, _("ChainChief"), message)

    sys.excepthook = report


def run_gui(db: str | None = None, lang: str | None = None) -> int:
    from PySide6.QtWidgets import QMessageBox  # with it, PySide's import hook the next line tames

    skip_pyside_source_scan()
    language = set_language(lang or load_preferences().language)
    log_file = configure_logging()
    app = create_application(language)
    _install_error_dialog(log_file)
    from chainchief.ui.fonts import register_bundled_font

    if _wants_server_sign_in(db):
        from chainchief.ui.shell.main_window import MainWindow

        register_bundled_font()
        assert db is not None
        signed = _sign_in_to_server(db)
        if signed is None:
            return 0
        database, actor = signed
    else:
        # SQLite checks the file's pages without holding the GIL, so the check runs on its own
        # thread while the window's modules load: on a city-sized file that is most of its cost.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="open") as pool:
            opening = pool.submit(open_for_gui, db, getpass.getuser())
            from chainchief.ui.shell.main_window import MainWindow

            register_bundled_font()  # done on its thread by now: nothing paints before it is
            opened = _open_or_recover(db, opening.result)
        if opened is None:
            return 2
        database = opened
        from chainchief.ui.shell.login_dialog import sign_in

        user = sign_in(database)
        if user is None:
            database.dispose()
            return 0
        actor = user
    window = MainWindow(database, actor=actor)
    window.first_screen.connect(resume_collection)
    if database.read_only:
        from chainchief.ui.shell.banner import show_read_only_banner

        show_read_only_banner(window)
    window.show()
    if database.upgrade is not None:
        QMessageBox.information(window, _("ChainChief"), database.upgrade.message())
    return app.exec()


def _wants_server_sign_in(db_target: str | None) -> bool:
    """An office server's URL, which names no user: the user signs in before it is opened."""
    if db_target is None or "://" not in db_target:
        return False
    from chainchief.store.db import database_url
    from chainchief.store.server import wants_sign_in

    try:
        return wants_sign_in(database_url(db_target))
    except UserError:
        return False


def _sign_in_to_server(db_target: str) -> tuple[Database, str] | None:
    """Connect as the user who signs in in the dialog (the server checks the password)."""
    from chainchief.services.admin.users import AuthenticationFailed, UserRow, server_user
    from chainchief.store.db import database_url, open_database
    from chainchief.store.server import signed_in_url
    from chainchief.ui.shell.login_dialog import sign_in_to_server

    opened: list[Database] = []

    def connect(name: str, password: str) -> UserRow:
        database = open_database(signed_in_url(database_url(db_target), name.strip(), password))
        try:
            user = server_user(database)
            if user is None:
                raise AuthenticationFailed(_("Wrong user name or password."))
        except UserError:
            database.dispose()
            raise
        opened.append(database)
        return user

    user = sign_in_to_server(connect)
    if user is None:
        for database in opened:
            database.dispose()
        return None
    return opened[-1], user.name


def _open_or_recover(db_target: str | None, opened: Callable[[], Database]) -> Database | None:
    """The database ``opened`` gives; a damaged one is restored from its newest backup if the
    user agrees."""
    from PySide6.QtWidgets import QMessageBox

    title = _("ChainChief")
    try:
        return opened()
    except DatabaseDamaged as damaged:
        if damaged.newest_backup is None:
            QMessageBox.critical(None, title, damaged.message)
            return None
        question = _(
            "Restore the newest good backup now?\n{backup}\nThe damaged file is kept aside."
        )
        answer = QMessageBox.question(
            None, title, damaged.message + "\n\n" + question.format(backup=damaged.newest_backup)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        from chainchief.services.admin.backups import restore_database

        try:
            restore_database(db_target, damaged.newest_backup, actor=getpass.getuser())
            return open_for_gui(db_target, actor=getpass.getuser())
        except UserError as error:
            QMessageBox.critical(None, title, error.message)
            return None
    except UserError as error:
        QMessageBox.critical(None, title, error.message)
        return None


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``chainchief-gui`` (no console window on Windows)."""
    parser = argparse.ArgumentParser(prog="chainchief-gui")
    parser.add_argument("--db")
    parser.add_argument("--lang", choices=["zh_CN", "en"])
    # A file handed over by the desktop (double-clicking a backup) is opened read-only, so
    # looking at a backup never changes it; bringing one back is ``chainchief restore``.
    parser.add_argument("file", nargs="?", type=Path)
    args, _unknown = parser.parse_known_args(argv)
    pause_collection()
    from chainchief.store.db import read_only_url

    db = read_only_url(args.file.resolve()) if args.file is not None else args.db
    sys.exit(run_gui(db=db, lang=args.lang))
