"""Property tests of the workbook round trip (hypothesis): what a workbook holds survives
import → export unchanged, and a refused cell writes nothing.

Each example builds a workbook (the small city plus generated firms), imports it into a new
SQLite file (a copy of the session's empty migrated file) and looks at what comes back; a few
dozen examples cover names, empty cells and numbers a hand-written case would not think of.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from exchange_support import dump_database, read_cells, small_city, write_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainchief.domain.errors import ImportRefused
from chainchief.services.workbooks.exporting import export_workbook
from chainchief.services.workbooks.importing import import_workbook
from chainchief.services.workspace import Workspace, open_workspace

CHARACTERS = "华瑞新能源芯联科技智造园远航锂电材料装备甲乙丙丁ABCxyz0123456789"
TEXT = st.text(alphabet=CHARACTERS, min_size=1, max_size=12)
FIRM = st.tuples(
    st.text(alphabet=CHARACTERS, min_size=1, max_size=10).map(lambda name: f"测{name}"),
    st.sampled_from(["区内", "区外"]),
    st.none() | TEXT,  # park
    st.none(),  # firm types: the fixed list is covered by the example tests
    st.none() | st.integers(min_value=0, max_value=10**9),  # revenue
    st.none() | st.integers(min_value=0, max_value=10**6),  # staff
    st.none() | TEXT,  # contact
    st.none() | st.from_regex(r"\A[0-9]{3,4}-?[0-9]{4,8}\Z"),  # phone
).map(lambda firm: [firm[0], None, *firm[1:]])
FIRMS = st.lists(FIRM, min_size=1, max_size=8, unique_by=lambda row: row[0])
SLOW = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@contextmanager
def fresh_database(empty: Path) -> Iterator[tuple[Path, Workspace]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "city.db"
        shutil.copyfile(empty, path)
        db = open_workspace(path)
        try:
            yield Path(folder), db
        finally:
            db.dispose()


@SLOW
@given(firms=FIRMS)
def test_generated_firms_survive_import_then_export(
    empty_template: Path, firms: list[list[Any]]
) -> None:
    city = small_city()
    city["企业"].extend(firms)
    with fresh_database(empty_template) as (folder, db):
        import_workbook(db, write_book(folder / "in.xlsx", city), actor="tester")
        export_workbook(db, folder / "out.xlsx")
        exported = read_cells(folder / "out.xlsx")["企业"]
        with fresh_database(empty_template) as (again_folder, again):
            import_workbook(again, folder / "out.xlsx", actor="tester")
            export_workbook(again, again_folder / "again.xlsx")
            assert read_cells(again_folder / "again.xlsx") == read_cells(folder / "out.xlsx")
    by_name = {row[0]: row for row in exported[1:]}
    for firm in firms:
        assert by_name[firm[0]] == firm


# (sheet, column index, a value that column refuses)
BAD_CELLS = st.sampled_from(
    [
        ("环节", 2, "左游"),  # tier
        ("环节", 3, "也许"),  # key flag
        ("企业", 2, "海外"),  # location
        ("企业", 6, "很多"),  # staff
        ("目标企业", 4, "考虑中"),  # stage
        ("指标", 1, "2027Q5"),  # quarter
        ("督办事项", 4, "明年"),  # due date
        ("上下游关系", 1, "不存在的环节"),  # unknown segment
    ]
)


@SLOW
@given(bad=BAD_CELLS, firms=FIRMS, row=st.integers(min_value=1, max_value=3))
def test_a_refused_cell_writes_nothing(
    empty_template: Path, bad: tuple[str, int, str], firms: list[list[Any]], row: int
) -> None:
    sheet, column, value = bad
    with fresh_database(empty_template) as (folder, db):
        import_workbook(db, write_book(folder / "first.xlsx", small_city()), actor="tester")
        before = dump_database(db)
        city = small_city()
        city["企业"].extend(firms)
        rows = city[sheet]
        rows[min(row, len(rows) - 1)][column] = value
        with pytest.raises(ImportRefused):
            import_workbook(db, write_book(folder / "second.xlsx", city), actor="tester")
        assert dump_database(db) == before
