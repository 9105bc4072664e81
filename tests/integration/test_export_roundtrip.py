"""Export and template by the writing rules of §3, and the round trip they promise."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from exchange_support import (
    dump_database,
    handmade_xlsx,
    inline_rows,
    read_cells,
    sheet_xml,
    small_city,
    worksheet,
)
from openpyxl import load_workbook

from chainchief.exchange.progress import OperationCancelled
from chainchief.exchange.template import write_template
from chainchief.exchange.workbook_spec import SHEETS, Kind
from chainchief.services.workbooks.exporting import export_workbook
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database, open_database

SHARED = Path(__file__).resolve().parents[3] / "shared"  # ../shared beside the repository
CHECK = SHARED / "acceptance" / "check.py"
FORMULA_LIKE = ['=HYPERLINK("http://x","x")', "+8613800000000", "-5", "@x", "#N/A", "\tTab"]


def _round_trip(db: Database, tmp_path: Path) -> tuple[Path, Path]:
    first = tmp_path / "first.xlsx"
    export_workbook(db, first)
    fresh = open_database(tmp_path / "fresh.db")
    import_workbook(fresh, first, actor="tester")
    second = tmp_path / "second.xlsx"
    export_workbook(fresh, second)
    fresh.dispose()
    return first, second


def test_the_demo_city_round_trips_cell_by_cell(demo_db: Database, tmp_path: Path) -> None:
    first, second = _round_trip(demo_db, tmp_path)

    first_cells, second_cells = read_cells(first), read_cells(second)
    assert list(first_cells) == ["填写说明", *(sheet.name for sheet in SHEETS)]
    assert first_cells == second_cells
    assert len(first_cells["企业"]) == 181 and len(first_cells["企业环节"]) == 220


def test_a_filled_in_template_round_trips(db: Database, tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    write_template(template)
    book = load_workbook(template)
    for title, rows in small_city().items():
        for row in rows[1:]:
            book[title].append(row)
    book.save(tmp_path / "filled.xlsx")
    import_workbook(db, tmp_path / "filled.xlsx", actor="tester")

    first, second = _round_trip(db, tmp_path)

    assert read_cells(first) == read_cells(second)
    assert read_cells(first)["人员"][1:] == [
        ["刘洋", None, None, None, None, None],
        ["张伟", "副区长", "区政府", "13800000000", None, "2027-05-12、2027-05-13"],
        ["李娜", "局长", "经济发展局", None, "lina@example.com", None],
        ["王强", None, None, None, None, None],
        ["赵敏", None, None, None, None, None],
        ["陈静", None, None, None, None, None],
    ]


def test_formula_like_text_stays_text_both_ways(db: Database, tmp_path: Path) -> None:
    firms = [["企业名称", "所在地", "联系电话"]] + [[name, "区内", name] for name in FORMULA_LIKE]
    path = handmade_xlsx(tmp_path / "tricky.xlsx", {"企业": worksheet(inline_rows(firms))})
    import_workbook(db, path, actor="tester")
    first, second = _round_trip(db, tmp_path)

    for exported in (first, second):
        assert not any("<f>" in xml or "<f " in xml for xml in sheet_xml(exported).values())
        rows = read_cells(exported)["企业"][1:]
        assert sorted(row[0] for row in rows) == sorted(FORMULA_LIKE)
        assert all(row[0] == row[8] for row in rows)
    book = load_workbook(first)
    assert {cell.data_type for row in book["企业"].iter_rows(min_row=2) for cell in row[:1]} == {
        "s"
    }


@pytest.mark.parametrize("kind", ["template", "export"])
def test_the_acceptance_layout_check_finds_no_problem(
    kind: str, demo_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / f"{kind}.xlsx"
    if kind == "template":
        write_template(path)
    else:
        export_workbook(demo_db, path)

    done = subprocess.run(
        [sys.executable, str(CHECK), "layout", str(path)], capture_output=True, text=True
    )

    assert done.stdout.strip().splitlines()[-1] == "0 problems", done.stdout
    assert done.returncode == 0


def test_the_template_has_instructions_drop_downs_and_frozen_headers(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)

    book = load_workbook(path)
    assert book.sheetnames[0] == "填写说明"
    notes = [cell for row in book["填写说明"].iter_rows(values_only=True) for cell in row if cell]
    assert all(column.header in notes for sheet in SHEETS for column in sheet.columns)
    for spec in SHEETS:
        sheet = book[spec.name]
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == 1
        enumerated = {
            column.header: ",".join(column.choices)
            for column in spec.columns
            if column.kind in (Kind.ENUM, Kind.YES_NO)
        }
        validations = {
            sheet.cell(1, next(iter(dv.sqref.ranges)).min_col).value: dv.formula1.strip('"')
            for dv in sheet.data_validations.dataValidation
        }
        assert validations == enumerated
        for index, column in enumerate(spec.columns, start=1):
            width = sheet.column_dimensions[sheet.cell(1, index).column_letter].width
            assert width >= 2 * len(column.header)


def test_export_orders_rows_by_natural_key_and_writes_dates_as_date_cells(
    demo_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "export.xlsx"
    export_workbook(demo_db, path)

    book = load_workbook(path)
    firms = [row[:2] for row in book["企业"].iter_rows(min_row=2, values_only=True)]
    assert firms == sorted(firms, key=lambda row: (row[0], row[1] or ""))
    links = [row for row in book["上下游关系"].iter_rows(min_row=2, values_only=True)]
    assert links == sorted(links)
    due = [row[4] for row in book["督办事项"].iter_rows(min_row=2) if row[4].value is not None]
    assert due and all(cell.is_date and cell.number_format == "yyyy-mm-dd" for cell in due)
    assert all(isinstance(cell.value, dt.datetime) for cell in due)


def test_a_cancelled_export_leaves_the_old_file_and_no_temporary(
    demo_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"old")
    cancel = threading.Event()

    with pytest.raises(OperationCancelled):
        export_workbook(demo_db, path, progress=lambda done, total: cancel.set(), cancel=cancel)

    assert path.read_bytes() == b"old"
    assert not [entry.name for entry in tmp_path.iterdir() if entry.name.endswith(".part")]


def test_export_reads_without_writing(demo_db: Database, tmp_path: Path) -> None:
    before = dump_database(demo_db)

    export_workbook(demo_db, tmp_path / "export.xlsx")

    assert dump_database(demo_db) == before


def test_a_second_import_of_an_export_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    export_workbook(demo_db, path)

    summary = import_workbook(demo_db, path, actor="tester")

    assert summary.added == 0 and summary.updated == 0


def test_characters_excel_cannot_hold_are_dropped_not_fatal(
    demo_db: Database, tmp_path: Path
) -> None:
    from sqlalchemy import select, update

    from chainchief.store.models import Firm

    with demo_db.transaction() as session:
        firm_id = session.scalars(select(Firm.id).order_by(Firm.name).limit(1)).one()
        session.execute(update(Firm).where(Firm.id == firm_id).values(contact="陈\x01静\x1f"))
    path = tmp_path / "export.xlsx"

    export_workbook(demo_db, path)

    contacts = [row[7] for row in read_cells(path)["企业"][1:]]
    assert "陈静" in contacts
