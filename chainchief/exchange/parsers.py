"""Cell parsers: one raw cell (from the xlsx reader or a CSV) to the value the importer works with.

People type the same thing many ways (2027/3/31, 2027年3月31日, "12,500", 是 or yes), so the
parsers accept every spelling §3 allows and refuse the rest with a reason naming the value.
Each parser takes what a cell can hold — None, str, int, float, bool, date, datetime — and
raises ``CellValueError`` with a translated reason; the row parser adds sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from typing import Any

from chainchief.domain.enums import CodedEnum, YesNo
from chainchief.domain.quarters import Quarter
from chainchief.domain.text import clean
from chainchief.exchange.workbook_spec import MAX_CELL_CHARS, Kind, SheetColumn
from chainchief.i18n import _

Parser = Callable[[Any], Any]

_LIST_SPLIT = re.compile(r"[、,，;；]")
_DATE = re.compile(
    r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?"
    r"|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"
)
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")


class CellValueError(Exception):
    """A cell whose value cannot be read; ``reason`` is translated and names the value."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _too_long(limit: int) -> CellValueError:
    return CellValueError(_("Longer than {limit} characters").format(limit=f"{limit:,}"))


def _shown(value: Any) -> str:
    """A cell value as quoted in an error message (cut short: the reason is one line)."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def parse_text(value: Any, limit: int = MAX_CELL_CHARS) -> str | None:
    """Text with surrounding spaces dropped; empty → None. Tabs and line breaks are kept."""
    if type(value) is str:
        if len(value) > limit:
            raise _too_long(limit)
        return clean(value) or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    if len(text) > limit:
        raise _too_long(limit)
    return clean(text) or None


def parse_list(value: Any) -> list[str]:
    """Items separated by 、 , ， ; or ；, trimmed, empty items dropped, duplicates once."""
    text = parse_text(value)
    if text is None:
        return []
    items = (item.strip() for item in _LIST_SPLIT.split(text))
    return [item for item in dict.fromkeys(items) if item]


def _list_parser(item_length: int) -> Parser:
    """parse_list that also refuses an item longer than ``item_length``."""

    def parse(value: Any) -> list[str]:
        items = parse_list(value)
        for item in items:
            if "\n" in item or "\r" in item:
                raise CellValueError(
                    _("A line break inside a name: {value}").format(value=_shown(item))
                )
            if len(item) > item_length:
                raise CellValueError(
                    _("An item longer than {limit} characters: {value}").format(
                        limit=f"{item_length:,}", value=_shown(item)
                    )
                )
        return items

    return parse


def parse_date(value: Any) -> dt.date | None:
    """An Excel date cell or text written 2027-03-31, 2027/3/31 or 2027年3月31日."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        match = _DATE.fullmatch(text)
        if match is not None:
            year, month, day = match.group(1, 3, 4) if match.group(1) else match.group(5, 6, 7)
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                pass
    raise CellValueError(
        _("Not a date: {value} (write it like 2027-03-31)").format(value=_shown(value))
    )


def parse_date_list(value: Any) -> list[dt.date]:
    """Dates separated like any list; sorted, each once."""
    if isinstance(value, dt.date):
        return [parse_date(value)]  # type: ignore[list-item]
    days = {parse_date(item) for item in parse_list(value)}
    return sorted(day for day in days if day is not None)


def parse_number(value: Any) -> float | None:
    """A number cell or text with optional thousands separators; negatives are refused."""
    if value is None:
        return None
    if type(value) is float:
        number = value
    elif type(value) is int:
        number = _finite(value, value)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if len(text) > MAX_CELL_CHARS or _NUMBER.fullmatch(text) is None:
            raise CellValueError(_("Not a number: {value}").format(value=_shown(value)))
        number = _finite(text.replace(",", ""), value)
    else:
        raise CellValueError(_("Not a number: {value}").format(value=_shown(value)))
    if not math.isfinite(number):
        raise CellValueError(_("Not a number: {value}").format(value=_shown(value)))
    if number < 0:
        raise CellValueError(
            _("Negative numbers are not allowed: {value}").format(value=_shown(value))
        )
    if number > MAX_AMOUNT:
        raise CellValueError(
            _("Too large: {value} (at most {limit})").format(
                value=_shown(value), limit=f"{MAX_AMOUNT:,}"
            )
        )
    return number + 0.0


MAX_INTEGER = 2_147_483_647
MAX_AMOUNT = 10**12
"""No figure of a zone's business (万元, head counts, indicators) comes near; a larger one is
a slip or a hostile file, and would lose precision in a float."""


def _finite(number: int | str, shown: Any) -> float:
    try:
        return float(number)
    except OverflowError:
        raise CellValueError(_("Not a number: {value}").format(value=_shown(shown))) from None


def parse_integer(value: Any) -> int | None:
    """A non-negative whole number (12, "1,200", 12.0) that every engine stores.

    Integer columns hold 32 bits on PostgreSQL, so a larger number is refused here, alike on
    both engines, rather than by the server in the middle of a write.
    """
    number = parse_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise CellValueError(_("Not a whole number: {value}").format(value=_shown(value)))
    if number > MAX_INTEGER:
        raise CellValueError(
            _("Too large a whole number: {value} (at most {limit})").format(
                value=_shown(value), limit=MAX_INTEGER
            )
        )
    return int(number)


def parse_quarter(value: Any) -> str | None:
    """A quarter in any spelling §3 allows, as its code (2027Q1)."""
    text = parse_text(value)
    if text is None:
        return None
    try:
        return str(Quarter.parse(text))
    except ValueError as error:
        raise CellValueError(str(error)) from None


def parse_enum(enum: type[CodedEnum], value: Any) -> str | None:
    """The code of the member named by its Chinese file value or English code."""
    code: str | None = _enum_parser(enum)(value)
    return code


@functools.cache
def _enum_parser(enum: type[CodedEnum]) -> Parser:
    """A parser with the enum's spellings in one dict: this runs for every enumerated cell."""
    spellings = {word: member.value for word, member in enum.spellings().items()}
    choices = "、".join(enum.choices())

    def parse(value: Any) -> str | None:
        code = spellings.get(value) if type(value) is str else None
        if code is not None:
            return code
        text = parse_text(value)
        if text is None:
            return None
        code = spellings.get(text) or spellings.get(text.lower())
        if code is None:
            raise CellValueError(
                _("Not one of {choices}: {value}").format(choices=choices, value=_shown(text))
            )
        return code

    return parse


def parse_yes_no(value: Any) -> bool:
    """是/否, yes/no or an Excel TRUE/FALSE cell; empty is no."""
    if isinstance(value, bool):
        return value
    text = parse_text(value)
    if text is None:
        return False
    member = YesNo.parse(text)
    if member is None:
        if text.upper() in ("TRUE", "FALSE"):
            return text.upper() == "TRUE"
        raise CellValueError(_("Not 是 or 否: {value}").format(value=_shown(text)))
    return member is YesNo.YES


def parse_uscc(value: Any) -> str | None:
    """A unified social credit code with a valid check digit, upper-cased, separators dropped."""
    text = parse_text(value)
    if text is None:
        return None
    code, reason = _checked_uscc(text)
    if reason:
        raise CellValueError(reason)
    return code


@functools.lru_cache(maxsize=1 << 16)
def _checked_uscc(text: str) -> tuple[str, str]:
    """(code, "") or ("", reason); cached because memberships repeat their firms' codes.

    python-stdnum is imported here, on the first code checked: its utilities pull in pydoc and
    ssl, which the window's start does not need."""
    from stdnum.cn import uscc as uscc_number
    from stdnum.exceptions import InvalidChecksum, ValidationError

    try:
        return str(uscc_number.validate(text)), ""
    except InvalidChecksum:
        reason = _("The check digit of the unified social credit code is wrong: {value}")
    except ValidationError:
        reason = _("Not a unified social credit code (18 characters): {value}")
    return "", reason.format(value=_shown(text))


def _text_parser(limit: int) -> Parser:
    """parse_text bound to a length limit, with the common case (a short str) inlined."""

    def parse(value: Any) -> str | None:
        if type(value) is str and len(value) <= limit:
            return clean(value) or None
        return parse_text(value, limit)

    return parse


def _name_parser(limit: int) -> Parser:
    """A name: text on one line (a line break inside a name is a typing or pasting slip)."""
    text = _text_parser(limit)

    def parse(value: Any) -> str | None:
        name = text(value)
        if name is not None and ("\n" in name or "\r" in name):
            raise CellValueError(
                _("A line break inside a name: {value}").format(value=_shown(name))
            )
        return name

    return parse


def parser_for(column: SheetColumn) -> Parser:
    """The parser of a column's kind (enumerations bound to their enum, text to its length)."""
    kind = column.kind
    if kind is Kind.TEXT:
        return _name_parser(column.max_length) if column.name else _text_parser(column.max_length)
    if kind is Kind.LIST and column.item_length < MAX_CELL_CHARS:
        return _list_parser(column.item_length)
    if kind is Kind.ENUM:
        assert column.enum is not None
        return _enum_parser(column.enum)
    return _SIMPLE[kind]


EMPTY: dict[Kind, Any] = {
    Kind.TEXT: None,
    Kind.LIST: [],
    Kind.DATE: None,
    Kind.DATE_LIST: [],
    Kind.NUMBER: None,
    Kind.INTEGER: None,
    Kind.QUARTER: None,
    Kind.ENUM: None,
    Kind.YES_NO: False,
    Kind.USCC: None,
}
"""What an empty cell reads as, per kind; list values are shared and must never be mutated."""

_SIMPLE: dict[Kind, Parser] = {
    Kind.LIST: parse_list,
    Kind.DATE: parse_date,
    Kind.DATE_LIST: parse_date_list,
    Kind.NUMBER: parse_number,
    Kind.INTEGER: parse_integer,
    Kind.QUARTER: parse_quarter,
    Kind.YES_NO: parse_yes_no,
    Kind.USCC: parse_uscc,
}
