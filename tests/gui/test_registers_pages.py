"""培育库 and 招商地图 pages on the demo: the library, one-step 转督办, the shaded map, exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage

from chainchief.domain.enums import CultivationTier
from chainchief.services.registers.cultivation import list_library, list_visits
from chainchief.store.db import Database, open_database
from chainchief.ui.map.china_map import EMPTY, HIGH, outlines
from chainchief.ui.pages.registers import InvestmentMapPage, LibraryPage
from chainchief.ui.undo import Editor
from chainchief.ui.workers import wait_for_workers


@pytest.fixture
def database(demo_db_path: Path) -> Database:
    db = open_database(demo_db_path)
    yield db
    db.dispose()


@pytest.fixture
def editor(database: Database) -> Editor:
    return Editor(database, "tester")


def test_the_library_page_lists_the_library_visits_and_figures(qtbot, editor) -> None:
    database = editor.db
    page = LibraryPage(editor)
    qtbot.addWidget(page)
    page.library.reload()
    qtbot.waitUntil(lambda: page.library.model.rowCount() == 8, timeout=10_000)

    firms = [row.firm for row in page.library.model.rows]
    assert sorted(firms) == sorted(row.firm for row in list_library(database))
    page.visits.reload()
    qtbot.waitUntil(lambda: page.visits.model.rowCount() == 8, timeout=10_000)
    assert len(list_visits(database)) == 8
    assert page.figures.columnCount() == 8
    assert page.figures.horizontalHeaderItem(4).text().endswith("2026Q3")


def test_a_library_entry_is_edited_in_its_cell_and_undone(qtbot, editor) -> None:
    database = editor.db
    page = LibraryPage(editor)
    qtbot.addWidget(page)
    table = page.library
    table.reload()
    qtbot.waitUntil(lambda: table.model.rowCount() == 8, timeout=10_000)
    row = next(row for row in table.model.rows if row.tier is not CultivationTier.KEY)
    assert table.apply(row, {"tier": CultivationTier.KEY.value})
    changed = next(entry for entry in list_library(database) if entry.id == row.id)
    assert changed.tier is CultivationTier.KEY
    assert editor.stack.canUndo()
    editor.stack.undo()
    back = next(entry for entry in list_library(database) if entry.id == row.id)
    assert back.tier is row.tier
    wait_for_workers()


def test_a_visit_demand_is_passed_on_from_the_page(qtbot, editor) -> None:
    page = LibraryPage(editor)
    qtbot.addWidget(page)
    visits = page.visits
    visits.reload()
    qtbot.waitUntil(lambda: visits.model.rowCount() == 8 and not visits.loading, timeout=10_000)
    visit = next(row for row in visits.model.rows if row.demand and row.action is None)
    visits.select_id(visit.id)
    assert [row.id for row in visits.selected_rows()] == [visit.id]

    with qtbot.waitSignal(page.action_created):
        page.escalate_button.click()

    def action_shown() -> str:
        line = visits.find_row(visit.id)
        return visits.proxy.index(line, visits.column_number("action")).data() or ""

    visits.reload()
    qtbot.waitUntil(lambda: action_shown().startswith("走访诉求"), timeout=10_000)
    wait_for_workers()


def test_a_visit_is_edited_in_its_cell_and_undone(qtbot, editor) -> None:
    database = editor.db
    page = LibraryPage(editor)
    qtbot.addWidget(page)
    visits = page.visits
    visits.reload()
    qtbot.waitUntil(lambda: visits.model.rowCount() == 8, timeout=10_000)
    visit = visits.model.rows[0]
    assert visits.apply(visit, {"demand": "协调用地指标"})
    assert next(v for v in list_visits(database) if v.id == visit.id).demand == "协调用地指标"
    editor.stack.undo()
    assert next(v for v in list_visits(database) if v.id == visit.id).demand == visit.demand
    wait_for_workers()


def test_a_clicked_province_lists_its_targets(qtbot, database) -> None:
    page = InvestmentMapPage(database)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    provinces, _lines = outlines()
    transform = page.map._transform(QRectF(page.map.rect()))
    inside = transform.map(provinces["浙江省"]).boundingRect().center()

    with qtbot.waitSignal(page.map.province_clicked) as clicked:
        qtbot.mouseClick(page.map, Qt.MouseButton.LeftButton, pos=inside.toPoint())

    assert clicked.args == ["浙江省"]
    shown = {page.targets.item(row, 3).text() for row in range(page.targets.rowCount())}
    assert shown == {t.firm for t in page.data.of_province("浙江省")} and len(shown) == 7


def test_the_stage_filter_changes_the_shading_and_the_picture_exports(
    qtbot, database, tmp_path: Path
) -> None:
    page = InvestmentMapPage(database)
    qtbot.addWidget(page)
    every = sum(page.data.by_province.values())
    page.stage_box.setCurrentIndex(page.stage_box.findData("landed"))
    landed = sum(page.data.by_province.values())

    png = page.map.export(tmp_path / "map.png")
    pdf = page.map.export(tmp_path / "map.pdf")

    assert 0 < landed < every
    image = QImage(str(png))
    colours = {image.pixelColor(x, y).name() for x in range(0, 1600, 4) for y in range(0, 1200, 4)}
    assert image.width() == 1600
    assert HIGH.name() in colours and EMPTY.name() in colours  # the busiest and empty provinces
    assert pdf.read_bytes().startswith(b"%PDF")
