"""Helpers of the reliability tests: CLI child processes, database digests, test workbooks."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from chainchief.exchange.workbook_spec import SHEETS

ROOT = Path(__file__).resolve().parents[2]
VOLATILE_COLUMNS = frozenset(
    {"created_at", "updated_at", "at", "changed_at", "taken_at", "updated_session"}
)
"""Columns that differ between two runs of the same import: times, and the random id of the
edit session that wrote a row."""
UNORDERED_TABLES = frozenset({"audit_log"})
"""Tables whose ids follow an order the import does not fix (its audit rows per change)."""


def child_env(home: Path) -> dict[str, str]:
    """The environment of a CLI child: its own user folders, English messages, this checkout."""
    env = dict(os.environ)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(home / variable.lower())
    env["LANG"] = "en_US.UTF-8"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(variable, None)
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "chainchief", "--lang", "en", *args]


def backups_of(home: Path) -> Path:
    return home / "xdg_data_home" / "ChainChief" / "backups"


def integrity_check(path: Path) -> list[str]:
    """SQLite's full check, on a connection that also recovers the WAL as the app would."""
    connection = sqlite3.connect(path)
    try:
        return [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def content_digest(path: Path) -> str:
    """A hash of every row of every table, timestamps left out, so equal data hashes equal."""
    digest = hashlib.sha256()
    connection = sqlite3.connect(path)
    try:
        tables = [
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            skipped = VOLATILE_COLUMNS | ({"id"} if table in UNORDERED_TABLES else set())
            columns = [
                str(row[1])
                for row in connection.execute(f'PRAGMA table_info("{table}")')
                if row[1] not in skipped
            ]
            listed = ", ".join(f'"{column}"' for column in columns)
            rows = connection.execute(f'SELECT {listed} FROM "{table}"')
            digest.update(table.encode())
            for row in sorted(repr(tuple(map(_canonical, row))) for row in rows):
                digest.update(row.encode())
    finally:
        connection.close()
    return digest.hexdigest()


def _canonical(value: object) -> object:
    """JSON text with its keys sorted: the same change may list its fields in any order."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False)
        except ValueError:
            return value
    return value


@dataclass(frozen=True)
class StoredFirm:
    name: str
    uscc: str | None
    location: str


def stored_firms(path: Path) -> list[StoredFirm]:
    connection = sqlite3.connect(path)
    try:
        return [
            StoredFirm(*row)
            for row in connection.execute("SELECT name, uscc, location FROM firms ORDER BY id")
        ]
    finally:
        connection.close()


def stored_segments(path: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(path)
    try:
        return list(
            connection.execute(
                "SELECT chains.name, segments.name FROM segments "
                "JOIN chains ON chains.id = segments.chain_id ORDER BY segments.id"
            )
        )
    finally:
        connection.close()


def write_sheets(path: Path, sheets: dict[str, Iterable[dict[str, object]]]) -> Path:
    """A workbook in the import layout: rows keyed by column alias, sheets by alias."""
    book = Workbook(write_only=True)
    for spec in SHEETS:
        if spec.alias not in sheets:
            continue
        rows = list(sheets[spec.alias])
        aliases = [column.alias for column in spec.columns if any(column.alias in r for r in rows)]
        headers = {column.alias: column.header for column in spec.columns}
        worksheet = book.create_sheet(spec.name)
        worksheet.append([headers[alias] for alias in aliases])
        for row in rows:
            worksheet.append([_typed(worksheet, row.get(alias)) for alias in aliases])
    book.save(path)
    return path


def _typed(worksheet: Any, value: object) -> object:
    """Text typed with a leading apostrophe in Excel: stays text even when it starts with =."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    cell = WriteOnlyCell(worksheet, value=value)
    cell.data_type = "s"
    return cell


LOCATION_WORDS = {"in_zone": "区内", "in_city": "市内", "outside": "区外"}


def growth_workbook(path: Path, database: Path, new_firms: int) -> Path:
    """New firms with memberships, plus an update of every stored firm: one import that both
    inserts and changes rows, so "all or none" is checked on both."""
    segments = stored_segments(database)
    firms: list[dict[str, object]] = [
        {
            "firm": firm.name,
            "uscc": firm.uscc,
            "location": LOCATION_WORDS[firm.location],
            "park": "可靠性测试园",
        }
        for firm in stored_firms(database)
    ]
    memberships: list[dict[str, object]] = []
    for index in range(new_firms):
        name = f"可靠性测试企业{index:05d}"
        firms.append({"firm": name, "location": "区内" if index % 3 else "区外", "park": "新园"})
        chain, segment = segments[index % len(segments)]
        memberships.append(
            {"firm": name, "chain": chain, "segment": segment, "role": "配套", "product": "部件"}
        )
    return write_sheets(path, {"firms": firms, "firm_segments": memberships})


@contextlib.contextmanager
def isolated_home(folder: Path) -> Iterator[Path]:
    """Per-user folders under ``folder`` for fixtures wider than one test (the autouse
    isolation of conftest.py is per test), so no backup lands in the real home."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            patch.setenv(variable, str(folder / variable.lower()))
        yield folder
