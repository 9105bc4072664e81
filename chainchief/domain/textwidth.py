"""Display width of text where a Chinese character takes two columns (terminals, Excel)."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns ``text`` occupies in a monospaced terminal or an Excel column width unit."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` display columns (left-aligned unless ``right``)."""
    filler = " " * max(0, width - display_width(text))
    return filler + text if right else text + filler
