"""Personal preferences (language, recent files, window layout) in the user config dir.

They are per person and per PC, so they live in a small JSON file and never in the shared
database (DESIGN.md §1).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from chainchief.store.paths import config_dir

log = logging.getLogger(__name__)
FILE_NAME = "preferences.json"


@dataclass
class Preferences:
    language: str | None = None
    recent_files: list[str] = field(default_factory=list)
    last_database: str | None = None


def personal_folder() -> Path:
    """The per-user config folder (platformdirs): preferences and the window's own state."""
    return config_dir()


def preferences_path() -> Path:
    return personal_folder() / FILE_NAME


def load_preferences() -> Preferences:
    """The saved preferences; defaults when the file is missing or unreadable."""
    path = preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError):
        log.warning("ignoring unreadable preferences file %s", path, exc_info=True)
        return Preferences()
    known = {name: data[name] for name in Preferences.__dataclass_fields__ if name in data}
    return Preferences(**known)


def save_preferences(preferences: Preferences) -> None:
    path = preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(preferences), ensure_ascii=False, indent=2), "utf-8")
    os.replace(temporary, path)
