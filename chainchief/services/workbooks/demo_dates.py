"""The demo city dated around today: its files are written as seen on ``REFERENCE``.

Every date of the demo (deadlines, signing and progress dates of projects, days people are away)
moves by the days between ``REFERENCE`` and today, so what is overdue, due within the week or
done stays so on any day; indicator quarters move by as many quarters as today's quarter is from
the reference's, so the quarters before today's have their actual figures and today's has none
yet. The holiday calendar (节假日) is a fact of its year and stays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chainchief.domain.quarters import Quarter
from chainchief.exchange.rows import ParsedSheet
from chainchief.exchange.workbook_spec import Kind

REFERENCE = dt.date(2026, 11, 27)
"""The day the demo files are written for (resources/demo/README.md)."""
FIXED_SHEETS = frozenset({"holidays"})


def date_sheets(sheets: dict[str, ParsedSheet], today: dt.date) -> None:
    """Move every date and quarter of ``sheets`` (in place) from ``REFERENCE`` to ``today``."""
    days = (today - REFERENCE).days
    quarters = _index(Quarter.of(today)) - _index(Quarter.of(REFERENCE))
    if days == 0:
        return
    for alias, sheet in sheets.items():
        if alias in FIXED_SHEETS:
            continue
        kinds = {column.alias: column.kind for column in sheet.spec.columns}
        for _number, row in sheet.rows:
            for key, value in row.items():
                row[key] = _moved(kinds.get(key), value, days, quarters)


def _moved(kind: Kind | None, value: Any, days: int, quarters: int) -> Any:
    if value is None:
        return None
    if kind is Kind.DATE:
        return value + dt.timedelta(days=days)
    if kind is Kind.DATE_LIST:
        return [day + dt.timedelta(days=days) for day in value]
    if kind is Kind.QUARTER:
        index = _index(Quarter.parse(value)) + quarters
        return str(Quarter(index // 4, index % 4 + 1))
    return value


def _index(quarter: Quarter) -> int:
    return quarter.year * 4 + quarter.number - 1
