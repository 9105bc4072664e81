"""Make the user guide's pictures from the demo city: ``python .ci/help_screenshots.py [DIR]``.

The guide (resources/help) shows the welcome page, a chain map, the meetings page and the
action items as the app draws them now; run this after changing those pages and commit the
PNGs. It runs headless (Qt's offscreen platform) in a throw-away home folder, at 1280×720 in
Chinese, and scales the pictures down to the guide's width so the packages stay small.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 800
"""Pixels: the width the guide shows its pictures at."""


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "help" / "images"
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="chainchief-shots-"))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = str(home / variable.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from chainchief.app import create_application
    from chainchief.i18n import set_language
    from chainchief.services.chains.lists import list_chains
    from chainchief.services.meetings.plan import apply_plan, plan_meetings
    from chainchief.services.workbooks.demo import load_demo
    from chainchief.services.workspace import open_workspace
    from chainchief.ui.shell.main_window import MainWindow
    from chainchief.ui.workers import wait_for_workers

    app = create_application(set_language("zh_CN"))

    def wait(condition: Callable[[], bool], seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the window did not get there in time")
            app.processEvents()
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()

    def save(widget: QWidget, name: str) -> None:
        image = widget.grab().toImage()
        image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
        image.save(str(out / f"{name}.png"), "PNG", 0)
        print(out / f"{name}.png")

    def window_on(db_file: Path) -> MainWindow:
        window = MainWindow(open_workspace(db_file), actor="demo")
        window.resize(1280, 720)
        window.show()
        return window

    empty = window_on(home / "empty.db")
    wait(lambda: empty.welcome.page.isVisible())
    save(empty, "welcome")
    empty.close()

    city = open_workspace(home / "demo.db")
    load_demo(city, force=False, actor="demo")
    apply_plan(city, plan_meetings(city, int(os.environ.get("SHOTS_YEAR", "0")) or _year()),
               actor="demo")  # fmt: skip
    city.dispose()
    window = window_on(home / "demo.db")
    wait(lambda: window.scene.chain is not None)
    chain = next(row.id for row in list_chains(window.db) if row.name == "新能源汽车")
    window.navigator.select_chain(chain)
    wait(lambda: window.scene.chain is not None and window.scene.chain.chain_id == chain)
    save(window, "map")
    window.quarter.show(window.quarter.meetings)
    wait(lambda: window.quarter.meetings.isVisible())
    save(window, "meetings")
    window.quarter.show(window.quarter.actions)
    wait(lambda: window.quarter.actions.loaded)
    save(window, "actions")
    window.close()
    wait_for_workers()


def _year() -> int:
    from chainchief.domain.clock import today

    return today().year


if __name__ == "__main__":
    main()
