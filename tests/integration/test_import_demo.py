"""The demo loader: the bundled CSVs through the import pipeline, empty database or --force."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import dump_database, small_city, write_book

from chainchief.domain.errors import UserError
from chainchief.services.admin.stats import row_counts
from chainchief.services.workbooks.demo import load_demo
from chainchief.services.workbooks.exporting import export_rows
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database

DEMO_COUNTS = {"chains": 8, "segments": 101, "links": 125, "firms": 180, "memberships": 219}


def test_the_demo_loads_into_an_empty_database(db: Database) -> None:
    summary = load_demo(db, force=False, actor="tester")

    counts = row_counts(db)
    assert {key: counts[key] for key in DEMO_COUNTS} == DEMO_COUNTS
    assert summary.source == "demo" and summary.updated == 0
    assert summary.added == sum(sheet.added for sheet in summary.sheets)


def test_the_demo_refuses_a_database_that_is_not_empty(db: Database, tmp_path: Path) -> None:
    import_workbook(db, write_book(tmp_path / "city.xlsx", small_city()), actor="setup")
    before = dump_database(db)

    with pytest.raises(UserError) as refused:
        load_demo(db, force=False, actor="tester")

    assert refused.value.message == "The database is not empty; use --force to replace all data"
    assert dump_database(db) == before


def test_force_replaces_all_data_with_the_demo(
    db: Database, demo_db: Database, tmp_path: Path
) -> None:
    import_workbook(db, write_book(tmp_path / "city.xlsx", small_city()), actor="setup")

    load_demo(db, force=True, actor="tester")

    assert "华瑞新能源" not in {row["firm"] for row in export_rows(db)["firms"]}
    assert row_counts(db) == row_counts(demo_db)
    ours, demo = export_rows(db), export_rows(demo_db)
    assert all(_visible(ours[sheet]) == _visible(demo[sheet]) for sheet in ours)


def _visible(rows: list[dict]) -> list[dict]:
    """Rows without their ids, which differ between databases."""
    return [{key: value for key, value in row.items() if not key.startswith("_")} for row in rows]
