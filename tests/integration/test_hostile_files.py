"""Files that must be refused with one clear message, leaving the database untouched."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from exchange_support import (
    MAIN_NS,
    dump_database,
    handmade_xlsx,
    inline_rows,
    small_city,
    worksheet,
    write_book,
)

from chainchief.domain.errors import ImportRefused
from chainchief.exchange import reader
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database

BOMB = (
    '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(
        f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
        for level in range(1, 10)
    )
    + "]>"
)
SEGMENT_HEADERS = ["产业链名称", "环节名称", "层级", "关键环节", "说明"]
FORMULA = (
    "A formula; the import takes values only: copy the cells and paste them as values "
    "(选择性粘贴 → 数值), then import again"
)


def _refused(db: Database, path: Path) -> ImportRefused:
    before = dump_database(db)
    with pytest.raises(ImportRefused) as refused:
        import_workbook(db, path, actor="tester")
    assert dump_database(db) == before
    return refused.value


@pytest.fixture
def loaded(db: Database, tmp_path: Path) -> Database:
    import_workbook(db, write_book(tmp_path / "city.xlsx", small_city()), actor="setup")
    return db


def _bomb_file(tmp_path: Path, where: str) -> Path:
    rows = [SEGMENT_HEADERS, ["新能源汽车", "正极材料", "上游", "否", None]]
    body = inline_rows(rows).replace("<t>否</t>", "<t>&lol9;</t>")
    if where == "sheet":
        return handmade_xlsx(tmp_path / "bomb.xlsx", {"环节": worksheet(body, prolog=BOMB)})
    if where == "shared strings":
        strings = (
            f'<?xml version="1.0" encoding="UTF-8"?>{BOMB}'
            f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
        )
        sheet = worksheet(inline_rows(rows))
        return handmade_xlsx(tmp_path / "bomb.xlsx", {"环节": sheet}, shared_strings=strings)
    return handmade_xlsx(
        tmp_path / "bomb.xlsx", {"环节": worksheet(inline_rows(rows))}, workbook_prolog=BOMB
    )


@pytest.mark.parametrize("where", ["sheet", "shared strings", "workbook"])
def test_an_entity_bomb_is_refused_without_expanding_it(
    where: str, loaded: Database, tmp_path: Path
) -> None:
    path = _bomb_file(tmp_path, where)

    refused = _refused(loaded, path)

    assert refused.errors == []
    assert refused.message == (
        f"{path.name}: The workbook contains XML entity declarations, which are refused for safety."
    )


def test_an_entity_bomb_leaves_memory_bounded(tmp_path: Path) -> None:
    """In a fresh process capped at 1 GB: 10⁹ expanded "lol"s would not fit, nor finish.

    The peak is the process's own VmHWM: ``ru_maxrss`` keeps the forking pytest's peak across
    exec, which grows with the suite.
    """
    path = _bomb_file(tmp_path, "sheet")
    script = (
        "import json, resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from chainchief.domain.errors import ImportRefused\n"
        "from chainchief.exchange.reader import XlsxSource\n"
        "from chainchief.exchange.progress import Tracker\n"
        "from chainchief.services.workbooks.importing import read_source\n"
        "try:\n"
        "    with XlsxSource(sys.argv[1]) as source:\n"
        "        read_source(source, Tracker())\n"
        "    outcome = 'read'\n"
        "except ImportRefused as refused:\n"
        "    outcome = refused.message\n"
        "status = open('/proc/self/status', encoding='ascii').read()\n"
        "peak = int(status.split('VmHWM:')[1].split()[0]) // 1024\n"
        "print(json.dumps({'outcome': outcome, 'peak_mb': peak}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.splitlines()[-1])

    assert "entity declarations" in report["outcome"]
    assert report["peak_mb"] < 400  # the libraries alone take ~200 MB; an expansion takes GBs


def test_a_text_file_renamed_xlsx_is_not_a_workbook(loaded: Database, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("产业链名称,环节名称\n新能源汽车,正极材料\n", encoding="utf-8")

    refused = _refused(loaded, path)

    assert refused.lines() == ["notes.xlsx: The file is not an Excel workbook (.xlsx)."]


def test_an_ole2_file_is_refused_as_encrypted_or_old_format(
    loaded: Database, tmp_path: Path
) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)

    refused = _refused(loaded, path)

    assert refused.message.startswith("locked.xlsx: The file is encrypted or in the old .xls")


def test_a_zip_that_is_not_a_workbook_is_refused(loaded: Database, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")

    assert (
        _refused(loaded, path).message == f"{path.name}: The file is not an Excel workbook (.xlsx)."
    )


def test_a_file_over_50_mb_is_refused_before_reading(loaded: Database, tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(50 * 1024 * 1024 + 1)

    refused = _refused(loaded, path)

    assert (
        refused.message
        == f"{path.name}: The file is larger than 50 MB; split it into smaller workbooks."
    )


def test_a_workbook_without_a_known_sheet_is_refused(loaded: Database, tmp_path: Path) -> None:
    path = write_book(tmp_path / "other.xlsx", {"Sheet1": [["a", "b"], [1, 2]]})

    refused = _refused(loaded, path)

    assert refused.message.startswith(f"{path.name}: The workbook holds none of the import sheets")


def test_a_sheet_over_the_row_limit_is_refused(
    loaded: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is lowered so the test stays quick; the counting is the same."""
    monkeypatch.setattr(reader, "MAX_ROWS", 1000)
    rows = [["日期", "类型"]] + [[f"2027-01-{day % 28 + 1:02d}", "休"] for day in range(1001)]
    path = handmade_xlsx(tmp_path / "long.xlsx", {"节假日": worksheet(inline_rows(rows))})

    refused = _refused(loaded, path)

    assert refused.message == f"{path.name}: The sheet 节假日 has more than 1,000 rows."


def test_a_cell_over_excels_limit_is_an_error_at_that_cell(
    loaded: Database, tmp_path: Path
) -> None:
    rows = [SEGMENT_HEADERS, ["新能源汽车", "正极材料", "上游", "否", "长" * 32_768]]
    path = handmade_xlsx(tmp_path / "long.xlsx", {"环节": worksheet(inline_rows(rows))})

    refused = _refused(loaded, path)

    assert [str(error) for error in refused.errors] == ["环节!2:E Longer than 32,767 characters"]


def _formula_sheet(cell: str) -> str:
    header = inline_rows([SEGMENT_HEADERS[:3]])
    row = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>新能源汽车</t></is></c>'
        f'{cell}<c r="C2" t="inlineStr"><is><t>上游</t></is></c></row>'
    )
    return worksheet(header + row)


def test_a_formula_without_a_cached_value_is_an_error(loaded: Database, tmp_path: Path) -> None:
    sheet = _formula_sheet('<c r="B2"><f>"正极"&amp;"材料"</f></c>')
    path = handmade_xlsx(tmp_path / "formula.xlsx", {"环节": sheet})

    refused = _refused(loaded, path)

    assert [str(error) for error in refused.errors] == [f"环节!2:B {FORMULA}"]


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="B2" t="str"><f>"正极"&amp;"材料"</f><v>正极材料</v></c>',
        '<c r="B2" t="str"><f>"正极"&amp;"材料"</f><v/></c>',
        '<c r="B2"><f>1+1</f><v>2</v></c>',
    ],
    ids=["cached text", "empty cached value", "cached number"],
)
def test_a_formula_with_a_cached_value_is_an_error_too(
    loaded: Database, tmp_path: Path, cell: str
) -> None:
    """DESIGN §6: openpyxl saves ``<v/>`` for a formula it did not compute; read as a blank it
    cleared stored values (issue 18, defect 3)."""
    path = handmade_xlsx(tmp_path / "formula.xlsx", {"环节": _formula_sheet(cell)})

    refused = _refused(loaded, path)

    assert [str(error) for error in refused.errors] == [f"环节!2:B {FORMULA}"]


def test_damaged_sheet_xml_is_refused_as_damaged(loaded: Database, tmp_path: Path) -> None:
    broken = worksheet(inline_rows([SEGMENT_HEADERS, ["新能源汽车", "正极材料"]]))[:-40]
    path = handmade_xlsx(tmp_path / "damaged.xlsx", {"环节": broken})

    assert _refused(loaded, path).message == (
        f"{path.name}: The workbook is damaged and cannot be read (part xl/worksheets/sheet1.xml)."
    )


def test_a_hidden_data_sheet_is_imported_with_a_warning_naming_it(
    loaded: Database, tmp_path: Path
) -> None:
    rows = [SEGMENT_HEADERS, ["新能源汽车", "隐藏环节", "上游", "否", None]]
    path = handmade_xlsx(
        tmp_path / "hidden.xlsx", {"环节": worksheet(inline_rows(rows))}, hidden=frozenset({"环节"})
    )

    summary = import_workbook(loaded, path, actor="tester")

    assert [(s.title, s.added) for s in summary.sheets] == [("环节", 1)]
    assert summary.warnings == (
        "The sheet 环节 is hidden in the workbook; its rows were read like any other.",
    )
