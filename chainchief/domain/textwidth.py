"""Display width of text where a Chinese character takes two columns (terminals, Excel)."""

from __future__ import annotations

import unicodedata


class _CharWidths(dict[str, int]):
    """Each character's width, looked up in Unicode's table once and then remembered.

    ``display_width`` measures every cell of a city-sized meeting workbook (over a million
    characters); a dictionary hit is several times cheaper than ``east_asian_width``.
    """

    def __missing__(self, char: str) -> int:
        width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        self[char] = width
        return width


_WIDTHS = _CharWidths()


def display_width(text: str) -> int:
    """Columns ``text`` occupies in a monospaced terminal or an Excel column width unit."""
    if text.isascii():  # no ASCII character is wide or full-width
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` display columns (left-aligned unless ``right``)."""
    filler = " " * max(0, width - display_width(text))
    return filler + text if right else text + filler
