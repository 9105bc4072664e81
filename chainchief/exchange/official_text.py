"""What an official document says, block by block; ``official_document`` lays it out as .docx."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 is 黑体 "一、…", level 2 楷体 "（一）…"."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Text:
    """A body paragraph, first line indented two characters."""

    text: str


@dataclass(frozen=True)
class DocTable:
    """A table: a header row, then rows; ``widths`` in millimetres (they sum to 156 or less)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


Block = Heading | Text | DocTable


@dataclass(frozen=True)
class OfficialDocument:
    issuer: str
    number: str
    title: str
    """The title; a line feed marks where it breaks (none: it wraps where it must)."""
    addressee: str | None
    blocks: tuple[Block, ...]
    signature: str
    date_text: str
    note: str | None = None
    """附注: set under the date, in brackets, two characters in."""
