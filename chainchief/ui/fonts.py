"""Chinese that never renders as boxes: the bundled font, registered at start, as a fallback.

Nothing here asks Qt which fonts exist: ``QFontDatabase.hasFamily`` makes Qt scan every font
directory, which on a cold start reads thousands of files before the window can appear. The
UI font names its families instead (a family that is missing is skipped when text is drawn),
and the bundled font (5 MB) is registered on a thread while the window's modules load;
``register_bundled_font`` waits for that thread rather than registering twice.
"""

from __future__ import annotations

import threading
from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase

BUNDLED_FONT = "wqy-microhei.ttc"
BUNDLED_FAMILY = "WenQuanYi Micro Hei"
"""The bundled font's family, named before it is registered."""
PREFERRED_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
]

_registering = threading.Lock()
_registered: list[list[str]] = []


def register_bundled_font() -> list[str]:
    """Add the bundled CJK font to Qt's database (once) and return its family names."""
    with _registering:
        if not _registered:
            path = resources.files("chainchief.resources") / "fonts" / BUNDLED_FONT
            font_id = QFontDatabase.addApplicationFont(str(path))
            found = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            _registered.append(found)
        return _registered[0]


def register_in_background() -> threading.Thread:
    """Register the bundled font on a thread (QFontDatabase is thread-safe); call it once the
    QApplication exists, and ``register_bundled_font`` before the first window shows."""
    thread = threading.Thread(target=register_bundled_font, name="bundled-font", daemon=True)
    thread.start()
    return thread


def ui_font(point_size: float = 10.0) -> QFont:
    """The UI font: the system's Chinese UI fonts first, the bundled one always last."""
    font = QFont()
    font.setFamilies([*PREFERRED_FAMILIES, BUNDLED_FAMILY])
    font.setPointSizeF(point_size)
    return font


def map_font(pixel_size: float, *, bold: bool = False) -> QFont:
    """A map font sized in scene units (pixels), so cards keep proportions at any zoom or DPI."""
    font = ui_font()
    font.setPixelSize(round(pixel_size))
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font
