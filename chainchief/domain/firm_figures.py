"""Firm figures per quarter (企业指标) and how they roll up into a chain's indicators.

A firm reports each quarter's own figures (not year-to-date) in 万元. A chain's indicator
named in ``ROLL_UPS`` is the sum over its in-zone member firms, converted to the indicator's
unit, for a quarter where every one of those firms has the figure — a partial sum would read
as a fall. A figure the chain entered itself (指标 sheet, indicators page) wins, and the
result says which it is: 填报 (entered) or 汇总 (rolled up).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from chainchief.domain.quarters import Quarter


@dataclass(frozen=True)
class RollUp:
    """One firm field feeding one chain indicator: its name, unit and 万元 → unit factor."""

    field: str
    indicator: str
    unit: str
    factor: float


ROLL_UPS: tuple[RollUp, ...] = (
    RollUp("revenue", "营业收入", "亿元", 1 / 10_000),
    RollUp("tax", "税收", "亿元", 1 / 10_000),
)
"""The one table of firm field → chain indicator (names are data in the zone's language)."""

FIGURE_FIELDS = ("revenue", "tax", "fixed_investment", "employees")


class Source(StrEnum):
    """Where a chain's shown figure comes from; the value is what the pack prints."""

    ENTERED = "填报"
    ROLLED_UP = "汇总"


@dataclass(frozen=True)
class ChainFigure:
    quarter: str
    indicator: str
    unit: str
    value: float
    source: Source


FirmQuarterFigures = Mapping[tuple[int, str], Mapping[str, float | int | None]]
"""(firm id, quarter) → field → value."""


def roll_up(
    members: Iterable[int],
    figures: FirmQuarterFigures,
    entered: Mapping[tuple[str, str], float | None],
    quarters: Iterable[str],
) -> list[ChainFigure]:
    """A chain's roll-up indicators for ``quarters``: entered where given, else summed.

    ``entered`` maps (quarter, indicator) → the chain's actual figure. A quarter with neither
    an entered figure nor every member's figure has no row.
    """
    firms = sorted(set(members))
    result = []
    for quarter in quarters:
        for rule in ROLL_UPS:
            own = entered.get((quarter, rule.indicator))
            if own is not None:
                result.append(ChainFigure(quarter, rule.indicator, rule.unit, own, Source.ENTERED))
                continue
            total = _sum_of_all(firms, figures, quarter, rule.field)
            if firms and total is not None:
                result.append(
                    ChainFigure(
                        quarter, rule.indicator, rule.unit, total * rule.factor, Source.ROLLED_UP
                    )
                )
    return result


def _sum_of_all(
    firms: list[int], figures: FirmQuarterFigures, quarter: str, field: str
) -> float | None:
    """The firms' total of ``field`` in ``quarter``; None as soon as one has no figure (a
    city's chain has thousands of firms, most quarters none reported, so stop early)."""
    total = 0.0
    for firm in firms:
        value = figures.get((firm, quarter), {}).get(field)
        if value is None:
            return None
        total += float(value)
    return total


def year_on_year(current: float | None, last_year: float | None) -> float | None:
    """Growth over the same quarter a year before (0.12 = +12%); None when not comparable."""
    if current is None or last_year is None or last_year == 0:
        return None
    return current / last_year - 1


def last_quarters(latest: str, count: int = 4) -> list[str]:
    """``count`` quarters ending with ``latest``, oldest first."""
    quarter = Quarter.parse(latest)
    found = [quarter]
    for _step in range(count - 1):
        found.append(found[-1].previous)
    return [str(item) for item in reversed(found)]


def same_quarter_last_year(quarter: str) -> str:
    parsed = Quarter.parse(quarter)
    return str(Quarter(parsed.year - 1, parsed.number))
