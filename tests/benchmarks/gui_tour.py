"""A GUI process that opens a database, waits for the first map, then shows every page (and
every tab inside a page) in turn, letting each load, and prints its peak memory as JSON.

Run by bench_startup: .venv/bin/python -m tests.benchmarks.gui_tour DB
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtWidgets import QApplication, QTabWidget

from chainchief.app import create_application
from chainchief.store.db import open_database
from chainchief.ui.shell.first_paint import _peak_rss_mb
from chainchief.ui.shell.main_window import MainWindow
from chainchief.ui.workers import settle_workers


def settle(seconds: float = 0.3) -> None:
    """Let the shown page's jobs finish and their results reach the screen."""
    until = time.perf_counter() + seconds
    while True:
        settle_workers()
        QApplication.processEvents()
        if time.perf_counter() >= until:
            break


def main(database: str) -> None:
    app = create_application("zh_CN")
    window = MainWindow(open_database(database, daily_backup=False), actor="bench")
    window.show()
    shown = {"first": False}
    window.first_screen.connect(lambda: shown.update(first=True))
    while not shown["first"]:
        settle(0.05)
    visited = 0
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        settle()
        visited += 1
        for inner in window.pages.widget(index).findChildren(QTabWidget):
            for tab in range(inner.count()):
                inner.setCurrentIndex(tab)
                settle()
                visited += 1
    print(json.dumps({"peak_mb": _peak_rss_mb(), "pages": visited}), flush=True)
    window.close()
    app.quit()


if __name__ == "__main__":
    main(sys.argv[1])
