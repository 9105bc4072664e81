"""Chinese that never renders as boxes: the bundled font, registered at start, as a fallback."""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase

BUNDLED_FONT = "wqy-microhei.ttc"
PREFERRED_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
]


@functools.cache
def register_bundled_font() -> list[str]:
    """Add the bundled CJK font to Qt's database (once) and return its family names."""
    path = resources.files("chainchief.resources") / "fonts" / BUNDLED_FONT
    font_id = QFontDatabase.addApplicationFont(str(path))
    return QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []


def ui_font(point_size: float = 10.0) -> QFont:
    """The UI font: the system's Chinese UI fonts first, the bundled one always last."""
    families = [f for f in PREFERRED_FAMILIES if QFontDatabase.hasFamily(f)]
    families += register_bundled_font()
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font


def map_font(pixel_size: float, *, bold: bool = False) -> QFont:
    """A map font sized in scene units (pixels), so cards keep proportions at any zoom or DPI."""
    font = ui_font()
    font.setPixelSize(round(pixel_size))
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font
