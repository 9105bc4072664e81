"""What a sub-command gets: the database (opened on first use) and output helpers."""

from __future__ import annotations

import json
import sys
from types import TracebackType
from typing import Any

from chainchief.store.db import Database, open_database


class CommandFailed(Exception):
    """A command that already told the user what went wrong and only needs an exit code."""

    def __init__(self, code: int = 2) -> None:
        super().__init__(code)
        self.code = code


class CliContext:
    def __init__(self, db_target: str | None, user: str | None) -> None:
        self.db_target = db_target
        self.user = user
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.db_target)
        return self._db

    @property
    def actor(self) -> str:
        """The name recorded in the audit log for what this command changes."""
        import getpass

        return self.user or getpass.getuser()

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
