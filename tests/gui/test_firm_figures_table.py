"""The firm table shows each firm's last four quarters of revenue (企业指标) and the YoY
(issue 22, item 1), headed by the quarters themselves."""

from __future__ import annotations

from PySide6.QtCore import Qt

from chainchief.services.registers import firm_figure_table, latest_figure_quarter
from chainchief.ui.pages.indicators import percent
from chainchief.ui.pages.tables.common import number
from chainchief.ui.workers import wait_for_workers


def test_the_firm_table_shows_the_last_four_quarters_and_yoy(qtbot, demo_db, open_window):
    latest = latest_figure_quarter(demo_db)
    assert latest is not None, "the demo has firm figures"
    quarters, figures = firm_figure_table(demo_db, latest)
    window = open_window(demo_db)
    table = window.editing.pages.firms
    window.show_page(table)
    qtbot.waitUntil(lambda: table.model.rowCount() > 0, timeout=20_000)
    header = table.model.headerData
    columns = [table.column_number(f"quarter_{index}") for index in range(4)]
    assert [header(column, Qt.Orientation.Horizontal) for column in columns] == [
        f"{quarter} revenue (10k yuan)" for quarter in quarters
    ]
    best = figures[0]
    line = table.find_row(best.firm_id)
    shown = [table.proxy.index(line, column).data() for column in columns]
    assert shown == [number(value) for value in best.revenue]
    assert shown[-1]
    yoy = table.proxy.index(line, table.column_number("revenue_yoy")).data()
    assert yoy == percent(best.revenue_yoy)
    wait_for_workers()
