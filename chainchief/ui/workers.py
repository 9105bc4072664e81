"""The one way the UI runs long work off the GUI thread (DESIGN.md §2).

A job is a plain function that gets a ``Progress`` to report to and to ask whether the user
cancelled; it never touches a widget. Its result or its exception comes back to the GUI thread
through Qt signals, so callbacks run where widgets may be used. Every job has an owner (the
widget whose callbacks it calls): once the owner is deleted, the job's callbacks are dropped,
so a page closed while its rows load is never touched afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside a job by ``Progress.check`` once the user asked to stop it."""


class Progress:
    """What a job may do besides its work: report how far it got, notice a cancel request."""

    def __init__(self, signals: WorkerSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self._signals.progress.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class WorkerSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Worker(QRunnable, Generic[T]):
    """One job on the thread pool; emits ``finished(result)`` or ``failed(exception)``."""

    def __init__(self, job: Callable[[Progress], T]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = WorkerSignals()
        self.progress = Progress(self.signals)
        self._job = job

    def run(self) -> None:
        try:
            result = self._job(self.progress)
        except BaseException as error:  # every failure must reach the GUI, none the pool
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


_running: set[Worker[Any]] = set()


def submit(
    owner: QObject,
    job: Callable[[Progress], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, int], None] | None = None,
    pool: QThreadPool | None = None,
) -> Worker[T]:
    """Start ``job`` on the pool; the callbacks run on the GUI thread when it ends, unless
    ``owner`` has been deleted by then."""
    worker: Worker[T] = Worker(job)
    _running.add(worker)

    def alive() -> bool:
        return shiboken6.isValid(owner)

    def done(result: object) -> None:
        _running.discard(worker)
        if alive():
            on_done(result)  # type: ignore[arg-type]

    def failed(error: object) -> None:
        _running.discard(worker)
        if alive():
            on_error(error)  # type: ignore[arg-type]

    worker.signals.finished.connect(done)
    worker.signals.failed.connect(failed)
    if on_progress is not None:
        reporting = on_progress
        worker.signals.progress.connect(lambda at, total: alive() and reporting(at, total))
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker


def running_jobs() -> int:
    """How many submitted jobs have not yet handed back their result (or been dropped)."""
    return len(_running)


def wait_for_workers(pool: QThreadPool | None = None) -> None:
    """Let running jobs finish before the application (and Python) shut down under them."""
    (pool or QThreadPool.globalInstance()).waitForDone()


def settle_workers(pool: QThreadPool | None = None, rounds: int = 20) -> int:
    """Wait for every job and deliver the results queued for the GUI thread, again while
    callbacks start new jobs (at most ``rounds`` times); returns the jobs still running.

    Tests call it so that no job of one test reaches into the next.
    """
    for _round in range(rounds):
        if not _running:
            break
        wait_for_workers(pool)
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
    return len(_running)
