"""The chain map's status colours as hex, shared by the window's palette and the map files
(GraphML), so a map opened in yEd has the colours of the PNG.

The fills are the workbook colours of DESIGN.md §3; each outline is a strong tone of its fill.
"""

from __future__ import annotations

from chainchief.domain.enums import SegmentStatus

STATUS_FILL = {
    SegmentStatus.MISSING: "#FFC7CE",
    SegmentStatus.WEAK: "#FFEB9C",
    SegmentStatus.STRONG: "#C6EFCE",
}
STATUS_OUTLINE = {
    SegmentStatus.MISSING: "#C00006",
    SegmentStatus.WEAK: "#B77A00",
    SegmentStatus.STRONG: "#1E7B34",
}
NEUTRAL_FILL = "#FFFFFF"
NEUTRAL_OUTLINE = "#5B6B82"
TEXT = "#1A1A1A"
LINK = "#7A8696"
BREAKPOINT = "#D0101B"
