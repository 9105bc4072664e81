"""The tool bar's icons: the SVG files under resources/icons, loaded once each."""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtGui import QIcon


@functools.cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (an empty icon if the file is missing)."""
    path = resources.files("chainchief.resources") / "icons" / f"{name}.svg"
    return QIcon(str(path))
