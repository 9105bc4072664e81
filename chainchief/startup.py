"""Python's cycle collector while the program starts.

Importing Qt, SQLAlchemy and the models allocates a few hundred thousand long-lived objects,
and the collector keeps walking all of them in full collections that find nothing to free:
about a tenth of a second of a cold start that should stay under one and a half. It is paused
from the entry point until the first screen is shown (or a command starts); then everything
allocated so far is frozen out of later collections and collecting resumes as usual.
"""

from __future__ import annotations

import gc


def pause_collection() -> None:
    gc.disable()


def resume_collection() -> None:
    """Resume after ``pause_collection`` (a no-op when collecting was never paused)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
