"""What a sub-command gets: the database (opened on first use), who is acting, output helpers.

Signing in (DESIGN.md §3): on a database without users every command runs as the OS user (or
the name given with ``--user``); once users exist, a command that changes data needs ``--user``
and that user's password — from ``CHAINCHIEF_PASSWORD`` or, at a terminal, a prompt. Reading
commands need no sign-in. The password is checked once per command, on first use.

On a PostgreSQL server the office's URL carries no user and no password: with ``--user NAME``
the command connects as NAME's own login role (``server setup``), with the password from
``CHAINCHIEF_PASSWORD``, the libpq password file (``PGPASSFILE`` or ``~/.pgpass``) or a prompt.
The server checks the password and, on a secured database, enforces the role itself.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from chainchief import write_guard
from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.startup import resume_collection

if TYPE_CHECKING:
    from chainchief.store.db import Database

PASSWORD_VARIABLE = "CHAINCHIEF_PASSWORD"


class CommandFailed(Exception):
    """A command that already told the user what went wrong and only needs an exit code."""

    def __init__(self, code: int = 2) -> None:
        super().__init__(code)
        self.code = code


class SignInRequired(UserError):
    """The database has users and the command changes data, but nobody signed in."""


def _password_file() -> bool:
    """Whether libpq has a password file to look in (it reads it itself)."""
    given = os.environ.get("PGPASSFILE")
    return Path(given).is_file() if given else (Path.home() / ".pgpass").is_file()


class CliContext:
    def __init__(self, db_target: str | None, user: str | None) -> None:
        self.db_target = db_target
        self.user = user
        self._db: Database | None = None
        self._target: str | None = None
        self._signed_in: dict[str, str] = {}
        from chainchief.store.db import database_url, sqlite_file

        self._database_file = sqlite_file(database_url(db_target))

    @property
    def db(self) -> Database:
        return self._open(trust_unchanged=False)

    @property
    def reading_db(self) -> Database:
        """The database for a command that only reads it: a file unchanged since it last
        passed the checks on open is not checked again (``store.check_memo``)."""
        return self._open(trust_unchanged=True)

    def _open(self, *, trust_unchanged: bool) -> Database:
        if self._db is None:
            from chainchief.store.db import open_database

            self._db = open_database(self.target, trust_unchanged=trust_unchanged)
            if self._db.upgrade is not None:
                print(self._db.upgrade.message(), file=sys.stderr)
        return self._db

    @property
    def target(self) -> str | None:
        """``--db`` as this command connects to it (see the module doc for servers).

        Asked for when the command reaches for its database, by when it has imported what it
        needs (SQLAlchemy, the models): collecting resumes here, not before the handler, so
        those imports run without the collector (``chainchief.startup``).
        """
        resume_collection()
        if self._target is None:
            self._target = self._server_target() or self.db_target
        return self._target

    def _server_target(self) -> str | None:
        from chainchief.store.db import database_url
        from chainchief.store.server import signed_in_url, wants_sign_in

        url = database_url(self.db_target)
        if not wants_sign_in(url) or not self.user:
            return None
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None and not _password_file():
            if not sys.stdin.isatty():
                raise SignInRequired(
                    _(
                        "No password for {user}: set {variable}, keep it in a PGPASSFILE or "
                        "run at a terminal."
                    ).format(user=self.user, variable=PASSWORD_VARIABLE)
                )
            password = getpass.getpass(_("Password for {user}: ").format(user=self.user))
        return signed_in_url(url, self.user, password)

    @property
    def actor(self) -> str:
        """Who this command acts as on ``--db``: signed in when the database has users."""
        return self.actor_on(self.db)

    @property
    def unverified_actor(self) -> str:
        """The name asked for without checking it, for a database that cannot be opened."""
        return self.user or getpass.getuser()

    def actor_on(self, db: Database) -> str:
        """Who this command acts as on ``db``; asks for the password once per database.

        A command that opened ``db`` itself has loaded what it needs: collecting resumes."""
        resume_collection()
        if db.url not in self._signed_in:
            self._signed_in[db.url] = self._sign_in(db)
        return self._signed_in[db.url]

    def _sign_in(self, db: Database) -> str:
        from chainchief.services.admin.accounts import users_exist
        from chainchief.services.admin.users import authenticate, server_user

        on_server = server_user(db)
        if on_server is not None:
            return on_server.name
        if not users_exist(db):
            return self.unverified_actor
        if not self.user:
            raise SignInRequired(
                _(
                    "This database has users: sign in with --user NAME (the password is asked "
                    "for, or read from {variable})."
                ).format(variable=PASSWORD_VARIABLE)
            )
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise SignInRequired(
                    _("No password for {user}: set {variable} or run at a terminal.").format(
                        user=self.user, variable=PASSWORD_VARIABLE
                    )
                )
            password = getpass.getpass(_("Password for {user}: ").format(user=self.user))
        return authenticate(db, self.user, password).name

    def __enter__(self) -> CliContext:
        """From here on no file this command writes may replace the database or a backup,
        whether or not the command opens the database."""
        from chainchief.store.backup import backup_folder

        write_guard.protect_backup_folder(backup_folder())
        if self._database_file is not None:
            write_guard.protect_database(self._database_file)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._db is not None:
            self._db.dispose()
        if self._database_file is not None:
            write_guard.release_database(self._database_file)

    @staticmethod
    def print_json(data: Any) -> None:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")

    @staticmethod
    def print(text: str = "") -> None:
        print(text)

    @staticmethod
    def warn(text: str) -> None:
        print(text, file=sys.stderr)

    @staticmethod
    def stdout_is_terminal() -> bool:
        return sys.stdout.isatty()

    @staticmethod
    def stderr_is_terminal() -> bool:
        return sys.stderr.isatty()
