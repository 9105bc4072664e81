"""Typed user-facing problems raised below the UI (DESIGN.md §2).

Each carries a message already translated with ``i18n._()`` so the CLI and the UI show the same
words; the CLI maps every ``UserError`` to exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass

from chainchief.i18n import _


class UserError(Exception):
    """A refused operation or bad input, explained to the user; never a bug."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The message as the lines the CLI prints to stderr."""
        return [self.message]


class NotFoundError(UserError):
    """A named thing (chain, segment, person…) does not exist."""


class RuleViolation(UserError):
    """An edit breaks a rule of the domain (a cycle, tier order, a role rule…)."""


class SchemaError(UserError):
    """The database cannot be used: newer schema, damaged file, not a ChainChief database."""


@dataclass(frozen=True)
class CellError:
    """One problem in an imported workbook, located as Excel shows it."""

    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.row}:{self.column} {self.reason}"


class ImportRefused(UserError):
    """An import that wrote nothing, with every problem found."""

    def __init__(self, message: str, errors: list[CellError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors] + [self.message]

    def in_file(self, file: str) -> ImportRefused:
        """The same refusal naming ``file`` when neither a cell nor the message does."""
        if self.errors or file in self.message:
            return self
        return ImportRefused(_("{file}: {reason}").format(file=file, reason=self.message))


class ConflictError(UserError):
    """Someone else changed the row since it was read; nothing was overwritten.

    ``stale``: the row is still there, only newer than the edit's version, so the same edit may
    be made again knowingly without the version check (the UI's "overwrite anyway").
    """

    def __init__(self, message: str, *, changed_by: str | None = None, stale: bool = False) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.stale = stale


class FileWriteFailed(UserError):
    """A file could not be written; any previous file at ``path`` was left as it was."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class DiskFullError(FileWriteFailed):
    """The disk (or the user's quota) ran out of space while a file was written."""


class DatabaseDamaged(SchemaError):
    """The database file failed SQLite's integrity check; ``newest_backup`` is the way back."""

    def __init__(self, message: str, *, path: str, newest_backup: str | None) -> None:
        super().__init__(message)
        self.path = path
        self.newest_backup = newest_backup


class ReadOnlyDatabase(UserError):
    """An edit was tried on a database opened read-only; nothing was written."""


class DatabaseLocked(UserError):
    """Another process kept the database busy longer than the wait; nothing was written."""
