"""The cold-start benchmark's hook (CHAINCHIEF_EXIT_AFTER_FIRST_PAINT=1): report the first
paints of the main window, then quit."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

EXIT_AFTER_FIRST_PAINT = "CHAINCHIEF_EXIT_AFTER_FIRST_PAINT"


class FirstPaintReport(QObject):
    """Prints the Unix times of the window's first paint and of the first paint showing a map
    (``window-paint …``, ``first-paint …``), the CPU time and peak memory so far, then quits:
    the cold-start benchmark reads them."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.armed = False
        self._window_painted: float | None = None
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            if self._window_painted is None:
                self._window_painted = time.time()
            if self.armed:
                self._done = True
                QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"window-paint {self._window_painted:.6f}", flush=True)
        print(f"first-paint {time.time():.6f}", flush=True)
        print(f"cpu-seconds {time.process_time():.3f}", flush=True)
        peak = _peak_rss_mb()
        if peak is not None:
            print(f"peak-rss-mb {peak:.1f}", flush=True)
        # Behind what the window queued after its first paint (building the rest of it), so
        # the jobs that starts are waited for as the application quits.
        QTimer.singleShot(0, QApplication.quit)


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory: VmHWM on Linux (rusage would count the memory of
    the parent it was forked from), rusage elsewhere on Unix, None on Windows."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    if sys.platform == "win32":
        return None
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
