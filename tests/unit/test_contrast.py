"""The signal colours meet WCAG 2.x AA: 4.5:1 for text on every background it is drawn on,
3:1 for the map's status outlines against the map (1.4.11, graphical objects).

The ratio is computed here from WCAG's relative luminance (the one small maintained package
that would do it was last released in 2015); the expected figures of the first test pin the
formula to WCAG's own examples.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from chainchief.domain.enums import SegmentStatus
from chainchief.domain.lights import Light
from chainchief.ui import colours
from chainchief.ui.map import palette

AA_TEXT = 4.5
AA_GRAPHICS = 3.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    r, g, b = (_channel(v) for v in (colour.red(), colour.green(), colour.blue()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_ratio_is_wcags() -> None:
    assert contrast(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#767676"), QColor("#FFFFFF")) == pytest.approx(4.54, abs=0.01)
    assert contrast(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


BACKGROUNDS = {"window": colours.WINDOW_BACKGROUND, "panel": colours.PANEL_BACKGROUND}

TEXT_PAIRS = [
    *[
        (f"{light} count on {name}", colours.LIGHT_TEXT[light], background)
        for light in Light
        for name, background in BACKGROUNDS.items()
    ],
    *[(f"{light} text on its fill", colours.LIGHT_TEXT[light], colours.LIGHT_FILL[light])
      for light in Light],
    *[(f"text on the {light} fill", colours.TEXT_COLOUR, colours.LIGHT_FILL[light])
      for light in Light],
    ("text on the done fill", colours.TEXT_COLOUR, colours.DONE_FILL),
    *[(f"reason on {name}", colours.ERROR_TEXT, background)
      for name, background in BACKGROUNDS.items()],
    *[(f"map {status} text on its fill", palette.STATUS_TEXT[status], palette.STATUS_FILL[status])
      for status in SegmentStatus],
    *[(f"map text on the {status} fill", palette.TEXT, palette.STATUS_FILL[status])
      for status in SegmentStatus],
    ("map text on a plain card", palette.TEXT, palette.NEUTRAL_FILL),
    ("map muted text on the map", palette.MUTED_TEXT, palette.BACKGROUND),
    *[(f"map muted text on the {tier} lane", palette.MUTED_TEXT, fill)
      for tier, fill in palette.LANE_FILL.items()],
    *[(f"lane title on the {tier} lane", palette.LANE_TITLE, fill)
      for tier, fill in palette.LANE_FILL.items()],
]  # fmt: skip


@pytest.mark.parametrize(("what", "text", "background"), TEXT_PAIRS, ids=[p[0] for p in TEXT_PAIRS])
def test_text_meets_aa(what: str, text: QColor, background: QColor) -> None:
    ratio = contrast(text, background)
    assert ratio >= AA_TEXT, f"{what}: {text.name()} on {background.name()} is {ratio:.2f}:1"


@pytest.mark.parametrize("status", list(SegmentStatus))
def test_status_outlines_stand_out_from_the_map(status: SegmentStatus) -> None:
    for background in (palette.BACKGROUND, *palette.LANE_FILL.values()):
        ratio = contrast(palette.STATUS_OUTLINE[status], background)
        assert ratio >= AA_GRAPHICS, f"{status} outline on {background.name()}: {ratio:.2f}:1"
