"""The window's signal colours, in one place: the action items' lights (DESIGN.md §6) as row
fills and as coloured counts, and the colour of a refusal or a field's reason.

A count takes its light's colour wherever it is shown (navigator, status bar, pages): red for
red items, amber for yellow (overdue), blue for due soon. The count colours are the dark tones
of the fills, so they read on the window's white and on their own fill alike; the contrast test
(tests/unit/test_contrast.py) holds every pair here, and the map's, to WCAG AA.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QColor

from chainchief.domain.lights import Light

LIGHT_FILL = {
    Light.RED: QColor(0xFF, 0xC7, 0xCE),
    Light.YELLOW: QColor(0xFF, 0xEB, 0x9C),
    Light.BLUE: QColor(0xDD, 0xEB, 0xF7),
}
DONE_FILL = QColor(0xC6, 0xEF, 0xCE)
LIGHT_TEXT = {
    Light.RED: QColor(0x9C, 0x00, 0x06),
    Light.YELLOW: QColor(0x9C, 0x57, 0x00),
    Light.BLUE: QColor(0x1F, 0x4E, 0x79),
}
"""A light's count or label: on the window's background and on the light's own fill."""
TEXT_COLOUR = QColor(0x20, 0x20, 0x20)
ERROR_TEXT = QColor(0x9C, 0x00, 0x06)
"""A refusal, or why a field's value is not accepted."""
WINDOW_BACKGROUND = QColor(0xFF, 0xFF, 0xFF)
"""The lightest background counts and reasons are drawn on (views, the status bar)."""
PANEL_BACKGROUND = QColor(0xEF, 0xEF, 0xEF)
"""The darkest ordinary background (Fusion's window colour, dialogs and the status bar)."""


def coloured(text: str, light: Light | None) -> str:
    """``text`` as rich text in its light's colour, bold (plain, escaped, without a light)."""
    if light is None:
        return escape(text)
    return f'<b style="color:{LIGHT_TEXT[light].name()}">{escape(text)}</b>'


def error_style() -> str:
    """The style sheet of a label that says why something was refused."""
    return f"color: {ERROR_TEXT.name()};"
