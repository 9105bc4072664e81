"""The parts of an .xlsx package the importer needs, read with every size bounded.

A workbook is a zip of XML parts: ``xl/workbook.xml`` names the sheets (and whether each is
hidden), its relationships say which part holds each sheet, ``xl/styles.xml`` says which cell
styles are dates, ``xl/sharedStrings.xml`` holds the text cells point into. Each part is parsed
with expat fed in small chunks (``feed``): a DTD is refused at once (no entity is ever
expanded), no XML token may grow past ``MAX_TOKEN_BYTES`` (so one giant attribute or text run
cannot fill memory) and the shared strings count against ``SHARED_TEXT_BUDGET``.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NoReturn
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from chainchief.domain.errors import ImportRefused
from chainchief.exchange.workbook_spec import MAX_CELL_CHARS
from chainchief.i18n import _

CHUNK_BYTES = 1 << 16
MAX_TOKEN_BYTES = 1 << 20
"""No tag, attribute or text run of a workbook part is longer; a cell holds ≤ 32,767 chars."""
SHARED_TEXT_BUDGET = 120_000_000
"""Estimated bytes the shared strings may take in memory (a Python str: ~80 bytes + 4 a char)."""
STRING_COST = 80
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SEP = "\x01"


def damaged(part: str = "") -> ImportRefused:
    if part:
        return ImportRefused(
            _("The workbook is damaged and cannot be read (part {part}).").format(part=part)
        )
    return ImportRefused(_("The workbook is damaged and cannot be read."))


def entities() -> ImportRefused:
    return ImportRefused(
        _("The workbook contains XML entity declarations, which are refused for safety.")
    )


def new_parser() -> Any:
    """An expat parser with namespaces resolved (``uri\\x01local``) and DTDs refused."""
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True
    parser.buffer_size = CHUNK_BYTES

    def refuse(*_args: object) -> NoReturn:
        raise entities()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


def local(name: str) -> str:
    return name.rpartition(_SEP)[2]


def chunks(archive: zipfile.ZipFile, part: str, parser: Any) -> Iterator[None]:
    """Parse ``part`` one chunk a step, so a caller can hand on what each chunk gave."""
    run = 0
    try:
        with archive.open(part) as source:
            while chunk := source.read(CHUNK_BYTES):
                last = max(chunk.rfind(b"<"), chunk.rfind(b">"))
                run = run + len(chunk) if last < 0 else len(chunk) - last - 1
                if run > MAX_TOKEN_BYTES:
                    raise ImportRefused(
                        _(
                            "The workbook part {part} holds an XML element or text longer than "
                            "{limit} bytes; it is refused for safety."
                        ).format(part=part, limit=f"{MAX_TOKEN_BYTES:,}")
                    )
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
            yield
    except (expat.ExpatError, zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        raise damaged(part) from None


def feed(archive: zipfile.ZipFile, part: str, parser: Any) -> None:
    """Parse the whole of ``part``."""
    for _step in chunks(archive, part, parser):
        pass


@dataclass(frozen=True)
class SheetEntry:
    """A sheet as ``xl/workbook.xml`` lists it, with the zip part that should hold it."""

    title: str
    part: str
    hidden: bool


@dataclass(frozen=True)
class BookParts:
    sheets: tuple[SheetEntry, ...]
    shared_strings: str | None
    styles: str | None
    date1904: bool


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target part) of a part's relationships file."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    found: dict[str, tuple[str, str]] = {}
    if rels not in archive.NameToInfo:
        return found
    parser = new_parser()

    def start(tag: str, attributes: dict[str, str]) -> None:
        if local(tag) == "Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found[attributes.get("Id", "")] = (attributes.get("Type", ""), resolved)

    parser.StartElementHandler = start
    feed(archive, rels, parser)
    return found


def book_parts(archive: zipfile.ZipFile) -> BookParts:
    """The sheets in tab order and where the shared strings and styles are."""
    workbook = "xl/workbook.xml"
    relations = _relationships(archive, workbook)
    listed: list[tuple[str, str, str]] = []
    date1904 = [False]
    parser = new_parser()

    def start(tag: str, attributes: dict[str, str]) -> None:
        name = local(tag)
        if name == "sheet":
            relation = attributes.get(f"{RELATIONSHIPS}{_SEP}id", "")
            listed.append((attributes.get("name", ""), relation, attributes.get("state", "")))
        elif name == "workbookPr":
            date1904[0] = attributes.get("date1904", "0") in ("1", "true")

    parser.StartElementHandler = start
    feed(archive, workbook, parser)
    sheets = []
    for title, relation, state in listed:
        kind, target = relations.get(relation, ("", ""))
        if kind.endswith("/chartsheet") or kind.endswith("/dialogsheet"):
            continue
        sheets.append(
            SheetEntry(title=title, part=target, hidden=state in ("hidden", "veryHidden"))
        )
    by_kind = {kind.rsplit("/", 1)[-1]: target for kind, target in relations.values()}
    return BookParts(
        sheets=tuple(sheets),
        shared_strings=by_kind.get("sharedStrings"),
        styles=by_kind.get("styles"),
        date1904=date1904[0],
    )


def date_styles(archive: zipfile.ZipFile, part: str | None) -> frozenset[int]:
    """Indexes of the cell styles (``cellXfs``) whose number format shows a date."""
    if part is None or part not in archive.NameToInfo:
        return frozenset()
    formats: dict[int, str] = {}
    styles: list[int] = []
    inside = [False]
    parser = new_parser()

    def start(tag: str, attributes: dict[str, str]) -> None:
        name = local(tag)
        if name == "numFmt":
            formats[_int(attributes.get("numFmtId"))] = attributes.get("formatCode", "")
        elif name == "cellXfs":
            inside[0] = True
        elif name == "xf" and inside[0]:
            styles.append(_int(attributes.get("numFmtId")))

    def end(tag: str) -> None:
        if local(tag) == "cellXfs":
            inside[0] = False

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    feed(archive, part, parser)
    dated = {
        index
        for index, number in enumerate(styles)
        if is_date_format(formats.get(number) or BUILTIN_FORMATS.get(number, "General"))
    }
    return frozenset(dated)


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def shared_strings(archive: zipfile.ZipFile, part: str | None, file: str) -> list[str]:
    """Every shared string (phonetic runs left out), refused at once past the budget or when
    one is longer than Excel allows."""
    if part is None or part not in archive.NameToInfo:
        return []
    strings: list[str] = []
    pieces: list[str] = []
    state = {"depth_rph": 0, "in_t": False, "length": 0, "cost": 0}
    parser = new_parser()

    def start(tag: str, _attributes: dict[str, str]) -> None:
        name = local(tag)
        if name == "si":
            pieces.clear()
            state["length"] = 0
        elif name == "rPh":
            state["depth_rph"] += 1
        elif name == "t" and not state["depth_rph"]:
            state["in_t"] = True

    def end(tag: str) -> None:
        name = local(tag)
        if name == "t":
            state["in_t"] = False
        elif name == "rPh":
            state["depth_rph"] -= 1
        elif name == "si":
            text = "".join(pieces)
            state["cost"] += STRING_COST + 4 * len(text)
            if state["cost"] > SHARED_TEXT_BUDGET:
                raise ImportRefused(
                    _(
                        "{file}: the workbook's text is too large to import safely; split it "
                        "into smaller workbooks."
                    ).format(file=file)
                )
            strings.append(text)

    def text(data: str) -> None:
        if state["in_t"]:
            state["length"] += len(data)
            if state["length"] > MAX_CELL_CHARS:
                raise ImportRefused(
                    _(
                        "{file}: text number {number} of the shared strings ({part}) is longer "
                        "than {limit} characters, Excel's limit for a cell."
                    ).format(
                        file=file,
                        number=f"{len(strings) + 1:,}",
                        part=part,
                        limit=f"{MAX_CELL_CHARS:,}",
                    )
                )
            pieces.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    feed(archive, part, parser)
    return strings
