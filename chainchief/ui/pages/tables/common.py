"""What the concrete tables share: value formats, enum columns, deleting with a confirmation."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QWidget

from chainchief.domain.enums import CodedEnum
from chainchief.i18n import _
from chainchief.services.directory.departments import department_names
from chainchief.services.directory.people import people_names
from chainchief.services.kernel.removals import Removal
from chainchief.services.workspace import Workspace
from chainchief.ui.forms import Check, confirm
from chainchief.ui.models.records import EditorKind, TableColumn
from chainchief.ui.undo import DeleteCommand, Editor, MacroCommand

LIST_JOIN = "、"
Read = Callable[[Any], str | None]
"""A row's value of a text column (None shows as empty)."""


def text(value: str | None) -> str:
    return value or ""


def number(value: float | None) -> str:
    """12,500 or 12,500.5: thousands separated, no needless decimals."""
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def plain_number(value: float | None) -> str:
    """A number as typed back into its editor (no separators)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def joined(values: Sequence[str]) -> str:
    return LIST_JOIN.join(values)


def typed(values: dict[str, Any], key: str) -> str:
    """What was typed for ``key`` in a new-record dialog, trimmed: for naming the undo step."""
    return (values.get(key) or "").strip()


def checks(problem: Callable[[str, str], str | None]) -> Callable[[str], Check]:
    """``check(field)``: a column's check as typed, by the service's ``*_problem(field, value)``."""
    return lambda field: functools.partial(problem, field)


def text_column(key: str, header: str, read: Read, check: Check, *, width: int = 0) -> TableColumn:
    """An editable text column checked as typed by the service."""
    return TableColumn(
        key,
        header,
        lambda row: text(read(row)),
        edit=lambda row: text(read(row)),
        check=check,
        width=width,
    )


def name_column(
    key: str, header: str, read: Read, names: Callable[[Any], Sequence[str]], check: Check
) -> TableColumn:
    """A person's, department's or segment's name: known ones offered, a new one allowed."""
    return replace(text_column(key, header, read, check), kind=EditorKind.NAME, names=names)


def people_column(key: str, header: str, read: Read, db: Workspace, check: Check) -> TableColumn:
    """A person's name, offering everybody entered so far (read when an editor opens)."""
    return name_column(key, header, read, lambda _row: people_names(db), check)


def department_column(
    key: str, header: str, read: Read, db: Workspace, check: Check
) -> TableColumn:
    """A department's name, offering every department entered so far."""
    return name_column(key, header, read, lambda _row: department_names(db), check)


def list_column(
    key: str, header: str, read: Callable[[Any], Sequence[str]], tip: str, *, width: int
) -> TableColumn:
    """A list of names edited in a dialog opened by a double click (``tip`` says so)."""
    return TableColumn(
        key,
        header,
        lambda row: joined(read(row)),
        edit=lambda row: list(read(row)),
        kind=EditorKind.DIALOG,
        tip=lambda _row: tip,
        width=width,
    )


def figure_column(
    key: str,
    header: str,
    read: Callable[[Any], float | None],
    shown: Callable[[float | None], str] = number,
    *,
    tip: Callable[[Any], str | None] | None = None,
) -> TableColumn:
    """A read-only number (a figure read from other records), right-aligned, sorted by value."""
    return TableColumn(key, header, lambda row: shown(read(row)), sort=read, numeric=True, tip=tip)


def number_column(
    key: str, header: str, read: Callable[[Any], float | None], check: Callable[[str], str | None]
) -> TableColumn:
    return TableColumn(
        key,
        header,
        lambda row: number(read(row)),
        sort=read,
        edit=lambda row: plain_number(read(row)),
        check=check,
        numeric=True,
    )


def enum_column(
    key: str, header: str, enum: type[CodedEnum], read: Callable[[Any], Any]
) -> TableColumn:
    """A drop-down column of an enum, sorted in the enum's own order (pipeline order…)."""
    order = {member: index for index, member in enumerate(enum)}
    return TableColumn(
        key,
        header,
        lambda row: read(row).label,
        sort=lambda row: order[read(row)],
        edit=lambda row: read(row).value,
        kind=EditorKind.CHOICE,
        choices=tuple((member.value, member.label) for member in enum),
    )


def delete_rows(
    parent: QWidget,
    editor: Editor,
    rows: Sequence[Any],
    *,
    title: str,
    one: str,
    many: str,
    name: Callable[[Any], str],
    summary: Callable[[Any], list[str]],
    delete: Callable[[Any], Removal],
    step: str,
) -> bool:
    """Ask (saying what goes with a single row), then delete every row as one undo step.

    ``one`` and ``many`` are the questions ({name} / {count}); ``step`` names the undo step.
    """
    if not rows:
        return False
    if len(rows) == 1:
        question = one.format(name=name(rows[0]))
        goes = summary(rows[0])
        details = [_("These go with it:"), *goes] if goes else []
    else:
        question, details = many.format(count=len(rows)), []
    if not confirm(parent, title, question + " " + _("You can undo it with Ctrl+Z."), details):
        return False

    commands = [
        DeleteCommand(editor, step.format(name=name(row)), functools.partial(delete, row))
        for row in rows
    ]
    if len(commands) == 1:
        return editor.run(commands[0])
    label = step.format(name=_("{count} rows").format(count=len(rows)))
    return editor.run_macro(label, *(functools.partial(_given, command) for command in commands))


def _given(command: DeleteCommand, _macro: MacroCommand) -> DeleteCommand:
    return command
