"""What the program skips while it starts: Python's cycle collector, PySide's source scan.

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


PYSIDE_MODULES = ("PySide6", "shiboken6", "chainchief.ui", "chainchief.app")
"""Names of the modules that use PySide (the rest of ChainChief may not import Qt)."""


def skip_pyside_source_scan() -> None:
    """Tell PySide which modules use it without it reading their source.

    PySide's import hook reads the source of every module imported after PySide itself and
    searches it for "PySide6", to know which modules may switch PySide features
    (``from __feature__ import snake_case``). ChainChief switches none, so nothing depends on
    the answer, yet on a cold start the hook reads some 650 source files beside their
    bytecode (and costs a third of a second even warm). The answer is given from the module's
    name instead. Guarded: a PySide without this hook is left alone.
    """
    try:
        from shibokensupport import feature  # type: ignore[import-not-found]
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside


def _uses_pyside(module: object) -> bool:
    return str(getattr(module, "__name__", "")).startswith(PYSIDE_MODULES)
