"""Background jobs belong to an owner: a deleted owner's callbacks are dropped."""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtWidgets import QLabel

from chainchief.ui.workers import Progress, running_jobs, settle_workers, submit


def _gated_job(gate: threading.Event, result: str):
    def job(progress: Progress) -> str:
        progress.report(1, 2)
        assert gate.wait(10)
        return result

    return job


def test_a_live_owner_gets_the_result(qtbot: Any) -> None:
    owner = QLabel()
    qtbot.addWidget(owner)
    gate = threading.Event()
    done: list[str] = []
    submit(owner, _gated_job(gate, "rows"), done.append, lambda error: done.append(repr(error)))
    assert running_jobs() == 1
    gate.set()
    qtbot.waitUntil(lambda: done == ["rows"], timeout=5_000)
    assert running_jobs() == 0


def test_a_deleted_owner_is_never_called_back(qtbot: Any) -> None:
    owner = QLabel()
    gate = threading.Event()
    called: list[object] = []
    submit(owner, _gated_job(gate, "rows"), called.append, called.append, called.append)
    shiboken6.delete(owner)  # the page closed while its rows were loading
    gate.set()
    assert settle_workers() == 0
    assert called == []


def test_a_deleted_owner_is_not_told_of_a_failure(qtbot: Any) -> None:
    owner = QLabel()
    gate = threading.Event()
    called: list[object] = []

    def failing(_progress: Progress) -> None:
        assert gate.wait(10)
        raise ValueError("lost")

    submit(owner, failing, called.append, called.append)
    shiboken6.delete(owner)
    gate.set()
    assert settle_workers() == 0
    assert called == []
