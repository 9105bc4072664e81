"""Colours, pens and sizes of the chain map, in one place so the map and exports agree.

Status fills are the workbook colours of DESIGN.md §3 (missing FFFFC7CE, weak FFFFEB9C, strong
FFC6EFCE): soft fills that keep black text readable, each with a strong outline of the same hue
so the status still reads from across the room and in greyscale print.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from chainchief.domain.enums import SegmentStatus, Tier
from chainchief.exchange import map_colours

STATUS_FILL = {status: QColor(hex_) for status, hex_ in map_colours.STATUS_FILL.items()}
STATUS_OUTLINE = {status: QColor(hex_) for status, hex_ in map_colours.STATUS_OUTLINE.items()}
STATUS_TEXT = {
    SegmentStatus.MISSING: QColor(0x9C, 0x00, 0x06),
    SegmentStatus.WEAK: QColor(0x7A, 0x55, 0x00),
    SegmentStatus.STRONG: QColor(0x00, 0x61, 0x00),
}
NEUTRAL_FILL = QColor(map_colours.NEUTRAL_FILL)
NEUTRAL_OUTLINE = QColor(map_colours.NEUTRAL_OUTLINE)
CHOKEPOINT = QColor(0x6A, 0x1B, 0x9A)
KEY_MARK = QColor(0x1F, 0x4E, 0x9A)
LEADER_BADGE = QColor(0x1F, 0x4E, 0x9A)
FLASH = QColor(0x00, 0x78, 0xD4)
SELECTION = QColor(0x00, 0x78, 0xD4)
TEXT = QColor(map_colours.TEXT)
MUTED_TEXT = QColor(0x55, 0x5F, 0x6D)
LINK = QColor(map_colours.LINK)
LINK_HIGHLIGHT = QColor(0x1F, 0x4E, 0x9A)
BREAKPOINT = QColor(map_colours.BREAKPOINT)
BACKGROUND = QColor(0xFB, 0xFC, 0xFD)
LANE_FILL = {
    Tier.UPSTREAM: QColor(0xEE, 0xF3, 0xF9),
    Tier.MIDSTREAM: QColor(0xF5, 0xF2, 0xEA),
    Tier.DOWNSTREAM: QColor(0xEE, 0xF5, 0xF0),
}
LANE_TITLE = QColor(0x33, 0x44, 0x55)

DIMMED_OPACITY = 0.18
GHOST_OPACITY = 0.12
OUTLINE_WIDTH = 2.0
CHOKEPOINT_WIDTH = 5.0
CORNER_RADIUS = 8.0
DETAIL_SCALE = 0.42
"""Below this zoom factor card text would be too small to read, so cards are drawn plain."""
READABLE_PIXELS = 40 / 3
"""10 pt on a 96-dpi screen: the smallest card title the map shows."""
NAME_PIXELS = 15.0
"""Card titles with the card's details (``CardLook.name_font``)."""
BIG_NAME_PIXELS = 26.0
"""Card titles alone, when the details would be too small to read."""
FULL_CARD_SCALE = READABLE_PIXELS / NAME_PIXELS
"""From this zoom factor up, cards show their details; below it, only a bigger name."""
READABLE_SCALE = READABLE_PIXELS / BIG_NAME_PIXELS
"""The smallest zoom factor at which the bigger names are still 10 pt: the default view
never goes below it."""
