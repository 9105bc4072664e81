"""Strange text people paste: line breaks, right-to-left marks, zero-width characters, emoji,
control characters, 32,767-character notes and formula-like prefixes.

It goes in through an import (and, for what no workbook can carry — control characters — as a
UI edit would store it), then out through every writer: the export workbook, the quarterly
meeting workbook, the .ics invitations, the rendered map (SVG and PNG) and the main window.
Nothing may crash, every workbook must open with each cell within Excel's limit and no formula
anywhere, the .ics must parse, the SVG must be well-formed XML, and over-long input must be
refused with a message that names the limit.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from reliability_support import content_digest, isolated_home, write_sheets

from chainchief import cli
from chainchief.domain.clock import now
from chainchief.domain.quarters import Quarter
from chainchief.domain.text import clean
from chainchief.exchange.ics import write_ics
from chainchief.exchange.meeting_workbook import write_meeting_workbook
from chainchief.exchange.workbook_spec import MAX_CELL_CHARS, NAME_LENGTH
from chainchief.services.meetings.pack import quarter_pack
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.store.db import open_database

LONGEST = "长" * (MAX_CELL_CHARS - 10) + "🚗末尾的十个字符"[: 10 - 1] + "。"
LONG_MARK = "@@LONG@@"
CONTROL = "控\x01制\x07字\x08符\x1b[31m红\x7f"
CHAINS = {
    "zero_width": "新能源\u200b汽车\u200d🚗",
    "formula": '=HYPERLINK("http://example.invalid","点我")',
    "sheet_unsafe": "集成[电路]/封测:*?\\链",
    "rtl": "\u202eقطاع\u202c 医药\u200f",
    "longest_name": "长" * NAME_LENGTH,
}
PEOPLE = [
    "张\u200d伟",
    'O\'Brien "Bob" <b>',
    "李娜👩‍🔬",
    "+王强",
    "@刘洋",
    "-陈静",
    "\u202b梁\u202c",
]
FIRMS = [
    "=1+1",
    "华瑞\u3000新能源",
    "🔋电池有限公司",
    "\u200f\u202bشركة\u202c 科技",
    "-2+3",
    "@SUM(A1:A9)",
    "<script>alert(1)</script>&amp;",
    "=cmd|' /C calc'!A0",
]
NOTES = [
    "第一行\n第二行\r\n第三行\r第四行",
    LONGEST,
    "\t以制表符开头",
    "\r以回车开头",
    "<svg onload=alert(1)>&lt;",
    "零\u200b宽\ufeff字符\u2060",
]


def hostile_sheets() -> dict[str, list[dict[str, object]]]:
    chains = list(CHAINS.values())
    sheets: dict[str, list[dict[str, object]]] = {
        "people": [{"name": name, "title": NOTES[0], "phone": "=12345"} for name in PEOPLE],
        "chains": [
            {
                "chain": chain,
                "chief": PEOPLE[index % len(PEOPLE)],
                "team_lead": PEOPLE[(index + 1) % len(PEOPLE)],
                "team_members": "、".join(
                    PEOPLE[(index + offset) % len(PEOPLE)] for offset in (2, 3, 4)
                ),
                "lead_department": "=部门",
                "description": NOTES[index % len(NOTES)],
            }
            for index, chain in enumerate(chains)
        ],
        "segments": [],
        "links": [],
        "firms": [
            {"firm": firm, "location": "区内" if index % 2 else "区外", "park": NOTES[0]}
            for index, firm in enumerate(FIRMS)
        ],
        "firm_segments": [],
        "targets": [],
        "actions": [],
        "indicators": [],
    }
    for index, chain in enumerate(chains):
        names = [f"+上游{index}", f"@中游\u200b{index}", f"-下游🚗{index}"]
        for name, tier in zip(names, ("上游", "中游", "下游"), strict=True):
            sheets["segments"].append(
                {"chain": chain, "segment": name, "tier": tier, "description": NOTES[1]}
            )
        sheets["links"] += [
            {"chain": chain, "upstream": names[0], "downstream": names[1]},
            {"chain": chain, "upstream": names[1], "downstream": names[2]},
        ]
        sheets["firm_segments"].append(
            {
                "firm": FIRMS[index % len(FIRMS)],
                "chain": chain,
                "segment": names[1],
                "role": "链主",
                "product": NOTES[index % len(NOTES)],
            }
        )
        sheets["targets"].append(
            {
                "chain": chain,
                "segment": names[0],
                "firm": FIRMS[(index + 3) % len(FIRMS)],
                "stage": "洽谈",
                "owner": PEOPLE[index % len(PEOPLE)],
                "next_step": NOTES[1],
            }
        )
        sheets["actions"].append(
            {
                "chain": chain,
                "item": NOTES[index % len(NOTES)][:5000] + f"（{index}）",
                "department": "=部门",
                "owner": PEOPLE[index % len(PEOPLE)],
                "due": dt.date(2027, 8, 1),
                "status": "推进中",
                "completion_note": NOTES[1],
            }
        )
        sheets["indicators"].append(
            {"chain": chain, "quarter": "2027Q2", "indicator": "=产值", "target": 10, "actual": 5}
        )
    return sheets


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.run(["--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def paste_control_characters(database: Path) -> None:
    """What a UI edit could store but no workbook can carry (XML forbids these characters)."""
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE firms SET name = name || ? WHERE id = 1", (CONTROL,))
        connection.execute("UPDATE segments SET name = name || ? WHERE id = 2", (CONTROL,))
        connection.execute("UPDATE people SET name = name || ? WHERE id = 1", (CONTROL,))
        connection.execute("UPDATE action_items SET item = item || ?", (CONTROL,))
        connection.execute("UPDATE chains SET description = ? WHERE id = 1", (CONTROL,))


def assert_sound_workbook(path: Path) -> None:
    """Opens; no cell over Excel's limit; no formula; sheet names legal for Excel."""
    book = load_workbook(path)
    try:
        for sheet in book.worksheets:
            assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert len(cell.value) <= MAX_CELL_CHARS, (sheet.title, cell.coordinate)
    finally:
        book.close()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    database = folder / "hostile.db"
    workbook = write_sheets(folder / "hostile.xlsx", hostile_sheets())
    with isolated_home(folder / "home"):
        assert cli.run(["--lang", "en", "--db", str(database), "import", str(workbook)]) == 0
    return database


def test_hostile_text_survives_export_and_reimport(capsys, hostile_db: Path, tmp_path: Path):
    exported = tmp_path / "export.xlsx"
    code, _out, err = run(capsys, "--db", str(hostile_db), "export", str(exported))
    assert (code, err) == (0, "")
    assert_sound_workbook(exported)
    book = load_workbook(exported, read_only=True)
    values = {cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row}
    book.close()
    kept = {clean(name) for name in FIRMS}
    assert kept <= values, "formula-like names are kept as text, invisible marks dropped"
    assert LONGEST in values
    again = tmp_path / "again.db"
    code, _out, err = run(capsys, "--db", str(again), "import", str(exported))
    assert (code, err) == (0, "")
    second = tmp_path / "second.xlsx"
    assert run(capsys, "--db", str(again), "export", str(second))[0] == 0
    assert _cells(second) == _cells(exported)


def _cells(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    book = load_workbook(path, read_only=True)
    try:
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book]
    finally:
        book.close()


@pytest.fixture(scope="module")
def pasted_db(hostile_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("pasted") / "pasted.db"
    database.write_bytes(hostile_db.read_bytes())
    paste_control_characters(database)
    with isolated_home(database.parent / "home"):
        db = open_database(database, daily_backup=False)
        try:
            apply_plan(db, plan_meetings(db, 2027), actor="tester")
        finally:
            db.dispose()
    return database


def test_control_characters_do_not_break_the_export(capsys, pasted_db: Path, tmp_path: Path):
    exported = tmp_path / "export.xlsx"
    code, _out, err = run(capsys, "--db", str(pasted_db), "export", str(exported))
    assert (code, err) == (0, "")
    assert_sound_workbook(exported)


def test_meeting_workbook_and_ics_stay_valid(pasted_db: Path, tmp_path: Path) -> None:
    db = open_database(pasted_db, daily_backup=False)
    try:
        before = content_digest(pasted_db)
        pack = quarter_pack(db, Quarter.parse("2027Q3"))
    finally:
        db.dispose()
    assert len(pack.chains) == len(CHAINS)
    sheet = tmp_path / "meetings.xlsx"
    names = write_meeting_workbook(pack, sheet)
    assert len(set(names)) == len(names) == len(CHAINS) + 1
    assert_sound_workbook(sheet)

    meetings = [meeting for meeting in pack.meetings if meeting.date is not None]
    assert meetings
    invitations = tmp_path / "meetings.ics"
    assert write_ics(meetings, invitations, stamp=now()) == len(meetings)
    data = invitations.read_bytes()
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines folded per RFC 5545"
    calendar = Calendar.from_ical(data)
    assert len(calendar.walk("VEVENT")) == len(meetings)
    assert content_digest(pasted_db) == before, "writing files changes no data"


def test_ics_carries_no_control_characters(pasted_db: Path, tmp_path: Path) -> None:
    db = open_database(pasted_db, daily_backup=False)
    try:
        pack = quarter_pack(db, Quarter.parse("2027Q3"))
    finally:
        db.dispose()
    invitations = tmp_path / "meetings.ics"
    write_ics([m for m in pack.meetings if m.date is not None], invitations, stamp=now())
    data = invitations.read_bytes()
    assert [byte for byte in data if (byte < 32 and byte not in (9, 10, 13)) or byte == 127] == []


@pytest.mark.parametrize("key", list(CHAINS))
def test_rendered_maps_stay_valid(capsys, pasted_db: Path, tmp_path: Path, key: str) -> None:
    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    for path in (svg, png):
        code, _out, err = run(
            capsys, "--db", str(pasted_db), "render", "--chain", clean(CHAINS[key]), "-o", str(path)
        )
        assert (code, err) == (0, ""), err
    ElementTree.parse(svg)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_main_window_shows_every_hostile_chain(qtbot, pasted_db: Path) -> None:
    from chainchief.services.chains.lists import list_chains
    from chainchief.ui.shell.main_window import MainWindow

    db = open_database(pasted_db, daily_backup=False)
    window = MainWindow(db, actor="tester")
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.scene.chain is not None, timeout=20_000)
        for row in list_chains(db):
            if window.chain_id != row.id:
                with qtbot.waitSignal(window.map_loaded, timeout=20_000):
                    assert window.navigator.select_chain(row.id)
            assert window.scene.chain is not None and window.scene.chain.chain == row.name
    finally:
        window.close()
        db.dispose()


@pytest.mark.parametrize(
    ("sheet", "row", "length", "limit"),
    [
        (
            "chains",
            {"chain": "说明链", "description": LONG_MARK},
            MAX_CELL_CHARS + 1,
            MAX_CELL_CHARS,
        ),
        ("chains", {"chain": LONG_MARK}, NAME_LENGTH + 1, NAME_LENGTH),
        ("firms", {"firm": LONG_MARK, "location": "区内"}, NAME_LENGTH + 1, NAME_LENGTH),
    ],
    ids=["note", "chain_name", "firm_name"],
)
def test_over_long_input_gets_a_limit_message(
    capsys,
    db_path: Path,
    tmp_path: Path,
    sheet: str,
    row: dict[str, object],
    length: int,
    limit: int,
) -> None:
    """The cell is made longer than openpyxl would write it (it cuts at 32,767 characters), as
    another program could, by editing the sheet's XML."""
    workbook = write_sheets(tmp_path / "long.xlsx", {sheet: [row]})
    stretch_marker(workbook, "字" * length)
    code, _out, err = run(capsys, "--db", str(db_path), "import", str(workbook))
    assert code == 2
    assert f"{limit:,}" in err and "!2:" in err, err
    assert "Traceback" not in err


def stretch_marker(workbook: Path, text: str) -> None:
    with zipfile.ZipFile(workbook) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    marker = LONG_MARK.encode()
    parts = {name: data.replace(marker, text.encode()) for name, data in parts.items()}
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
