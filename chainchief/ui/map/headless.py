"""Drawing a map without a window (``chainchief render``): an offscreen Qt application with the
same fonts the GUI registers, then the ordinary export.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from chainchief.services.chains.chain_map import ChainMap
from chainchief.ui.fonts import register_bundled_font
from chainchief.ui.map.export import export_map, png_bytes
from chainchief.ui.map.scene import MapMode


def offscreen_application() -> QApplication:
    """The running QApplication, or a new one on the offscreen platform (no display needed)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication(sys.argv[:1])
    register_bundled_font()
    return app


def render_headless(chain: ChainMap, view: str, path: Path, *, paper: str | None = None) -> Path:
    offscreen_application()
    return export_map(chain, MapMode(view), path, paper=paper)


def render_png_bytes(chain: ChainMap, view: str, dpi: int) -> bytes:
    """The map as PNG bytes at ``dpi`` (for embedding, e.g. in the meeting workbook)."""
    offscreen_application()
    return png_bytes(chain, MapMode(view), dpi)
