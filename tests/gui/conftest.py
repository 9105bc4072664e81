"""GUI tests run headless (offscreen) and fail on any Qt warning they provoke."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from chainchief.store.db import Database

GUI_TESTS = Path(__file__).parent
OFFSCREEN_NOISE = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)
"""Warnings of Qt's offscreen platform itself, not of our code."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_TESTS in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def no_job_outlives_its_test(qapp) -> Iterator[None]:
    """Every background job a test starts ends, callbacks delivered, before the next test.

    A job left running used to call back into the next test's widgets (or deleted ones), so
    the outcome depended on test order. Set up first, this is torn down last, after pytest-qt
    closed the test's widgets.
    """
    yield
    from chainchief.ui.workers import settle_workers

    assert settle_workers() == 0, "a background job outlived its test"


@pytest.fixture
def open_window(qtbot, qapp) -> Iterator[object]:
    """Open a main window on a database; wait until its navigator and first map are filled."""
    from chainchief.ui.fonts import ui_font
    from chainchief.ui.shell.main_window import MainWindow
    from chainchief.ui.workers import wait_for_workers

    qapp.setFont(ui_font())
    windows: list[MainWindow] = []

    def opener(db: Database) -> MainWindow:
        window = MainWindow(db, actor="tester")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(
            lambda: (
                window.started
                and window.scene.chain is not None
                and bool(window.navigator.chain_names())
            ),
            timeout=20_000,
        )
        windows.append(window)
        return window

    yield opener
    for window in windows:
        window.close()
    wait_for_workers()
