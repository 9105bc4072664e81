"""The table pages on a synthetic city (20,000 firms, 60,000 memberships, 2,000 targets).

What runs where: the service call (``list_firms``…) runs on a worker thread; the model's
``set_rows``, the first sort of a column and a filter keystroke run on the GUI thread, so those
are the ones to keep under 200 ms. An edit of one cell (one service call) is timed too.

Run: .venv/bin/python -m tests.benchmarks.bench_tables [--seed N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GUI_GOAL_MS = 200


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return (time.perf_counter() - start) * 1000, result


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
