"""A window's place in the user guide, for F1: set by the dialog, read by ``ui.help.context``.

It lives below every layer so any dialog can name its chapter without importing the help
window; the help package reads it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

HELP_TOPIC = "help_topic"
"""The dynamic property holding "chapter#anchor"."""


def set_help_topic(dialog: QWidget, chapter: str, anchor: str = "") -> None:
    """F1 anywhere in ``dialog`` (or in a window it opens) shows this place of the guide."""
    dialog.setProperty(HELP_TOPIC, f"{chapter}#{anchor}")


def help_topic(widget: QWidget) -> tuple[QWidget, str, str] | None:
    """The nearest window, from ``widget``'s outwards, that names a topic, and the topic."""
    window: QWidget | None = widget.window()
    while window is not None:
        topic = window.property(HELP_TOPIC)
        if topic:
            chapter, _hash, anchor = str(topic).partition("#")
            return window, chapter, anchor
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    return None
