"""Text as people meant it: invisible characters dropped, one Unicode form, one key per name.

Cells pasted from web pages, WeChat or PDFs carry a byte-order mark, zero-width spaces and
direction marks that do not show but make "人工智能" and "人工智能\u200b" two different chains.
``clean`` removes them and brings the text to NFC; ``name_key`` is what makes two names the
same name (NFKC, case folded, no spaces), so full-width "ＡＩ", "ai" and "A I" are one.
"""

from __future__ import annotations

import unicodedata

INVISIBLE = (
    "\ufeff"  # byte-order mark / zero-width no-break space
    "\u200b\u200c\u200d\u2060\u180e\u00ad"  # zero-width space, (non-)joiner, word joiner…
    "\u200e\u200f\u061c"  # left-to-right, right-to-left, Arabic letter marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # bidi isolates
)
_DROP = dict.fromkeys(map(ord, INVISIBLE))
SPACES = " \u3000"
"""Trimmed from both ends (tabs and line breaks inside and around a text are kept)."""


def clean(text: str) -> str:
    """``text`` without invisible and direction characters, in NFC, trimmed of spaces."""
    if text.isascii():
        return text.strip(SPACES)
    text = text.translate(_DROP)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.strip(SPACES)


def name_key(name: str) -> str:
    """Two names with the same key are the same name: NFKC, case folded, spaces removed."""
    folded = unicodedata.normalize("NFKC", clean(name)).casefold()
    return "".join(folded.split())
