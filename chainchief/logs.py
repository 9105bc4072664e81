"""Logging to a rotating file in the user log dir; users see one line, the log gets the rest."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from chainchief.store.paths import log_dir

LOG_FILE_NAME = "chainchief.log"


def configure_logging() -> Path:
    """Send every log record to the rotating log file and return its path."""
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE_NAME
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path
