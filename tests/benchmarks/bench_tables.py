"""The table pages on a synthetic city (20,000 firms, 60,000 memberships, 2,000 targets).

What runs where: the service call (``list_firms``…) runs on a worker thread; the model's
``set_rows``, the first sort of a column and a filter keystroke run on the GUI thread, so those
are the ones to keep under 200 ms. An edit of one cell (one service call) is timed too.

Run: .venv/bin/python -m tests.benchmarks.bench_tables [--seed N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.figures import Figure
from tests.benchmarks.run import Run

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NAME = "tables"
GUI_GOAL_MS = 200
GOALS = {"first_screen_ms": 300, "edit_ms": 100}
EDITS = 5


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return (time.perf_counter() - start) * 1000, result


def wait_until(done: Callable[[], bool], limit_s: float = 60.0) -> None:
    """Process events (and the workers' results) until ``done()``."""
    from PySide6.QtWidgets import QApplication

    until = time.perf_counter() + limit_s
    while not done():
        if time.perf_counter() > until:
            raise TimeoutError("the table never got there")
        QApplication.processEvents()
        time.sleep(0.001)


def page_figures(database: Path) -> dict[str, float]:
    """On a shown firm table of ``database``: ms from showing it to a painted first screenful,
    to every row in, and from one cell's edit to its row repainted with the new value (median
    of ``EDITS`` edits); each with the CPU seconds the process (every thread) used meanwhile."""
    from PySide6.QtWidgets import QApplication

    from chainchief.services.chains.chain_map import navigator_rows
    from chainchief.store.db import open_database
    from chainchief.ui.pages.tables.firms import FirmTable
    from chainchief.ui.undo import Editor
    from chainchief.ui.workers import settle_workers

    app = QApplication.instance() or QApplication([])
    db = open_database(database, daily_backup=False)
    navigator_rows(db)  # what the window has read before anyone opens a page
    table = FirmTable(Editor(db, "bench"))
    table.resize(1366, 700)
    started, cpu = time.perf_counter(), time.process_time()
    table.show()
    wait_until(lambda: table.proxy.rowCount() > 0)
    table.view.viewport().repaint()
    first_ms, first_cpu = (time.perf_counter() - started) * 1000, time.process_time() - cpu
    wait_until(lambda: not table.loading)
    all_ms = (time.perf_counter() - started) * 1000
    column = table.column_number("phone")
    edits, cpus = [], []
    for row in range(EDITS):
        value = f"025-{time.time_ns() % 10**8}"
        started, cpu = time.perf_counter(), time.process_time()
        table.proxy.setData(table.proxy.index(row, column), value)
        wait_until(lambda row=row, value=value: table.proxy.index(row, column).data() == value)
        # Qt repaints just the row whose data changed: the same area, painted now.
        last = table.proxy.index(row, table.proxy.columnCount() - 1)
        area = table.view.visualRect(table.proxy.index(row, 0)).united(table.view.visualRect(last))
        table.view.viewport().repaint(area)
        edits.append((time.perf_counter() - started) * 1000)
        cpus.append(time.process_time() - cpu)
    settle_workers()
    table.close()
    db.dispose()
    app.processEvents()
    return {
        "first_ms": first_ms,
        "first_cpu": first_cpu,
        "all_ms": all_ms,
        "edit_ms": statistics.median(edits),
        "edit_cpu": statistics.median(cpus),
        "first_edit_ms": edits[0],
    }


def figures(run: Run) -> list[Figure]:
    """The runner's rows: the firm page's first screenful and a cell edit at 20,000 firms
    (issue 24), and the GUI thread's share of loading, sorting and filtering."""
    from PySide6.QtCore import Qt

    from chainchief.services.firms.ledger import list_firms
    from chainchief.ui.models.records import RecordModel, RecordProxy, prepare
    from chainchief.ui.pages.tables.firms import firm_columns

    database = run.copy(run.city(), "tables.db")
    found = page_figures(database)
    rows = [
        Figure(
            NAME,
            "firm page first screenful, 20k firms",
            "ms",
            found["first_ms"],
            GOALS["first_screen_ms"],
            cpu=found["first_cpu"],
            note=f"every row in {found['all_ms']:.0f} ms",
        ),
        Figure(
            NAME,
            "one cell edit to repainted row, 20k firms",
            "ms",
            found["edit_ms"],
            GOALS["edit_ms"],
            cpu=found["edit_cpu"],
            note=f"median of {EDITS}; the first (SQL compiled) {found['first_edit_ms']:.0f} ms",
        ),
    ]
    from chainchief.store.db import open_database

    db = open_database(database, daily_backup=False)
    content = prepare(firm_columns(), list_firms(db))
    db.dispose()
    model = RecordModel(firm_columns())
    proxy = RecordProxy(lambda row: {served.chain for served in row.segments})
    proxy.setSourceModel(model)
    steps = {
        "set_content": lambda: model.set_content(content),
        "first sort by a text column": lambda: proxy.sort(1, Qt.SortOrder.AscendingOrder),
        "filter keystroke": lambda: proxy.set_needle("南京"),
    }
    for label, step in steps.items():
        cpu = time.process_time()
        ms, _result = timed(step)
        rows.append(
            Figure(
                NAME,
                f"firms {label} (GUI thread), 20k",
                "ms",
                ms,
                GUI_GOAL_MS,
                cpu=time.process_time() - cpu,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from chainchief.services.directory.people import list_people
    from chainchief.services.firms.ledger import list_firms, update_firm
    from chainchief.services.firms.targets import list_targets
    from chainchief.store.db import open_database
    from chainchief.ui.models.records import prepare
    from chainchief.ui.pages.tables.firms import FirmTable
    from chainchief.ui.pages.tables.targets import TargetTable
    from chainchief.ui.undo import Editor
    from tests.benchmarks.bench_map import build_database
    from tests.benchmarks.synthetic import synthetic_city

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = build_database(synthetic_city(seed=arguments.seed), Path(folder), "city")
        db = open_database(path)
        editor = Editor(db, "bench")
        for label, load in (("firms", list_firms), ("targets", list_targets)):
            ms, rows = timed(lambda load=load: load(db))
            print(f"{label}: {len(rows)} rows, service call (worker thread) {ms:.0f} ms")
        ms, people = timed(lambda: list_people(db))
        print(f"people: {len(people)} rows, service call (worker thread) {ms:.0f} ms")
        for label, table_type, load in (
            ("firms", FirmTable, list_firms),
            ("targets", TargetTable, list_targets),
        ):
            table = table_type(editor)
            rows = load(db)
            prepare_ms, content = timed(
                lambda table=table, rows=rows: prepare(table.model.columns, rows)
            )
            set_ms, _ = timed(lambda table=table, content=content: table.model.set_content(content))
            sort_ms, _ = timed(
                lambda table=table: table.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
            )
            again_ms, _ = timed(
                lambda table=table: table.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
            )
            filter_ms, _ = timed(lambda table=table: table.proxy.set_needle("南京"))
            print(
                f"{label}: texts and ranks prepared on the worker thread {prepare_ms:.0f} ms; "
                f"on the GUI thread: set_content {set_ms:.0f} ms, first sort by a text "
                f"column {sort_ms:.0f} ms, sorting it again {again_ms:.0f} ms, filter "
                f"{filter_ms:.0f} ms (goal ≤ {GUI_GOAL_MS} ms each)"
            )
        firm = list_firms(db)[0]
        edit_ms, _ = timed(
            lambda: update_firm(
                db, firm.id, {"phone": "025-1"}, actor="bench", expected_version=firm.version
            )
        )
        print(f"one cell edit (service call on the GUI thread): {edit_ms:.0f} ms")
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        db.dispose()
    app.quit()


if __name__ == "__main__":
    main()
