"""What a sub-command gets: the database (opened on first use), who is acting, output helpers.

Signing in (DESIGN.md §3): on a database without users every command runs as the OS user (or
the name given with ``--user``); once users exist, a command that changes data needs ``--user``
and that user's password — from ``CHAINCHIEF_PASSWORD`` or, at a terminal, a prompt. Reading
commands need no sign-in. The password is checked once per command, on first use.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

from chainchief.domain.errors import UserError
from chainchief.i18n import _

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


class CliContext:
    def __init__(self, db_target: str | None, user: str | None) -> None:
        self.db_target = db_target
        self.user = user
        self._db: Database | None = None
        self._signed_in: dict[str, str] = {}

    @property
    def db(self) -> Database:
        if self._db is None:
            from chainchief.store.db import open_database

            self._db = open_database(self.db_target)
        return self._db

    @property
    def actor(self) -> str:
        """Who this command acts as on ``--db``: signed in when the database has users."""
        return self.actor_on(self.db)

    @property
    def unverified_actor(self) -> str:
        """The name asked for without checking it, for a database that cannot be opened."""
        return self.user or getpass.getuser()

    def actor_on(self, db: Database) -> str:
        """Who this command acts as on ``db``; asks for the password once per database."""
        if db.url not in self._signed_in:
            self._signed_in[db.url] = self._sign_in(db)
        return self._signed_in[db.url]

    def _sign_in(self, db: Database) -> str:
        from chainchief.services.admin.users import authenticate, users_exist

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
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._db is not None:
            self._db.dispose()

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
