"""The window's personal layout (geometry, docks, last chain and view) in an INI file.

It lives in the platformdirs user config dir beside the preferences, never in the shared
database: it belongs to one person on one PC (DESIGN.md §1).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from chainchief.preferences import personal_folder

FILE_NAME = "window.ini"


def ui_settings() -> QSettings:
    path = personal_folder() / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)
