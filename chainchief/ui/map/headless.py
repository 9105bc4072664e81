"""Drawing a map without a window (``chainchief render``): an offscreen Qt application with the
same fonts the GUI registers, then the ordinary export.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from chainchief.services.chains.chain_map import ChainMap, chain_maps
from chainchief.services.workspace import Workspace
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


PACK_MAP_DPI = 100
"""The scene is laid out at 96 dpi and a pack sheet prints the map about 7 inches wide, so a
typical chain map drawn at 100 dpi prints at some 170 dpi, sharp on paper; 150 dpi made each
PNG 2.3 times the pixels (and its encoding 0.3 s a chain)."""


def status_maps(db: Workspace, chains: list[str]) -> dict[str, bytes]:
    """Each named chain's status map as PNG bytes, for the meeting pack (CLI and window)."""
    return {
        chain.chain: render_png_bytes(chain, "status", PACK_MAP_DPI)
        for chain in chain_maps(db, chains)
    }
