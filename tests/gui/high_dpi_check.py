"""Run by test_high_dpi.py in a child process, since QT_SCALE_FACTOR is read once, when the
application starts: opens the window on a database at 1280×720 (logical pixels) and prints
what it finds as JSON."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QToolBar

from chainchief.i18n import set_language
from chainchief.store.db import open_database

ICON = QSize(24, 24)


def main(path: str, language: str) -> None:
    set_language(language)
    app = QApplication(sys.argv[:1])
    from fit_support import fit_problems

    from chainchief.ui.dialogs.settings_dialog import SettingsDialog
    from chainchief.ui.fonts import ui_font
    from chainchief.ui.icons import icon
    from chainchief.ui.shell.main_window import MainWindow
    from chainchief.ui.workers import settle_workers

    app.setFont(ui_font())
    db = open_database(path)
    window = MainWindow(db, actor="dpi")
    window.resize(1280, 720)
    window.show()
    while window.scene.chain is None:
        settle_workers()
        app.processEvents()
    window.inspector.show()
    window.focus_segment(window.scene.card_ids()[0])
    app.processEvents()
    ratio = window.devicePixelRatioF()
    blurry = []
    for bar in window.findChildren(QToolBar):
        for action in bar.actions():
            if action.icon().isNull():
                continue
            picture = action.icon().pixmap(ICON, ratio)
            if picture.width() < round(ICON.width() * ratio):
                blurry.append(action.text())
    for name in ("chain", "zoom-in", "people", "target"):
        if icon(name).pixmap(ICON, ratio).width() < round(ICON.width() * ratio):
            blurry.append(name)
    view = window.view.viewport().grab()
    dialog = SettingsDialog(db, "dpi", window)
    dialog.show()
    app.processEvents()
    report = {
        "ratio": ratio,
        "blurry_icons": blurry,
        "map_pixels": [view.width(), view.height(), view.devicePixelRatio()],
        "map_logical": [window.view.viewport().width(), window.view.viewport().height()],
        "problems": fit_problems(window) + fit_problems(dialog),
    }
    dialog.reject()
    window.close()
    settle_workers()
    db.dispose()
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
