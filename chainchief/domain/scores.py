"""Quarterly scores of departments and chains on their action items (考评).

For a quarter Q and a day ``as_of``, a unit's row counts:
- ``items_due``: its items whose original deadline falls in Q (cancelled items are not due);
- ``done_on_time``: those done (办结) on or before that original deadline;
- ``on_time_rate``: 100 × done_on_time / items_due, one decimal; None when nothing was due;
- ``open_now``, ``overdue_now``, ``red_now``: its items open, overdue and red as of ``as_of``;
- ``extensions``: the extensions approved on the items due in Q.

score = on_time × rate/100 + not_overdue × (1 − overdue_now/open_now)
        + no_extension × (1 − extensions/items_due),
each share taken as 1 when its denominator is 0 (and never below 0); one decimal, half up.
Rows with nothing due and nothing open are not ranked; the others by score, ties sharing a rank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import RuleViolation
from chainchief.domain.lights import Light
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Weights:
    """The setting ``supervision.weights``: on time, not overdue, no extension."""

    on_time: int = 60
    not_overdue: int = 30
    no_extension: int = 10

    @classmethod
    def parse(cls, text: str) -> Weights:
        parts = [part.strip() for part in text.split(",")]
        if len(parts) != 3 or not all(part.isdigit() for part in parts):
            raise RuleViolation(
                _("Score weights must be three whole numbers, e.g. 60,30,10: {value}").format(
                    value=text
                )
            )
        return cls(*(int(part) for part in parts))

    def as_json(self) -> dict[str, int]:
        return {
            "on_time": self.on_time,
            "not_overdue": self.not_overdue,
            "no_extension": self.no_extension,
        }


@dataclass(frozen=True)
class ScoredItem:
    """What scoring needs of one action item, its light already worked out as of the day."""

    first_due: dt.date | None
    status: ActionStatus
    closed_on: dt.date | None
    overdue: bool
    light: Light | None
    extensions: int


@dataclass(frozen=True)
class ScoreRow:
    name: str
    items_due: int
    done_on_time: int
    on_time_rate: float | None
    open_now: int
    overdue_now: int
    red_now: int
    extensions: int
    score: float
    rank: int | None


def _round(value: Decimal) -> float:
    return float(value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


def _share(part: int, whole: int) -> Decimal:
    """1 − part/whole, taken as 1 when there is no whole and never below 0."""
    if whole == 0:
        return Decimal(1)
    return max(Decimal(1) - Decimal(part) / Decimal(whole), Decimal(0))


def score_row(
    name: str, items: Iterable[ScoredItem], quarter: Quarter, weights: Weights
) -> ScoreRow:
    """One unit's row, unranked."""
    items = list(items)
    due = [
        item
        for item in items
        if item.first_due is not None
        and quarter.contains(item.first_due)
        and item.status is not ActionStatus.CANCELLED
    ]
    on_time = sum(
        1
        for item in due
        if item.status is ActionStatus.DONE
        and item.closed_on is not None
        and item.first_due is not None
        and item.closed_on <= item.first_due
    )
    still_open = [item for item in items if not item.status.is_closed]
    overdue = sum(1 for item in still_open if item.overdue)
    extensions = sum(item.extensions for item in due)
    rate = Decimal(100 * on_time) / Decimal(len(due)) if due else None
    score = (
        weights.on_time * (rate / 100 if rate is not None else Decimal(1))
        + weights.not_overdue * _share(overdue, len(still_open))
        + weights.no_extension * _share(extensions, len(due))
    )
    return ScoreRow(
        name=name,
        items_due=len(due),
        done_on_time=on_time,
        on_time_rate=_round(rate) if rate is not None else None,
        open_now=len(still_open),
        overdue_now=overdue,
        red_now=sum(1 for item in still_open if item.light is Light.RED),
        extensions=extensions,
        score=_round(score),
        rank=None,
    )


def ranked(
    units: Mapping[str, Iterable[ScoredItem]], quarter: Quarter, weights: Weights
) -> list[ScoreRow]:
    """Every unit's row, best score first (ties share a rank, 1, 1, 3…), unranked rows last.

    Equal scores are listed by name (code point) so the same data gives the same order.
    """
    rows = [score_row(name, items, quarter, weights) for name, items in units.items()]
    rankable = sorted(
        (row for row in rows if row.items_due or row.open_now), key=lambda r: (-r.score, r.name)
    )
    result: list[ScoreRow] = []
    for position, row in enumerate(rankable, start=1):
        rank = result[-1].rank if result and result[-1].score == row.score else position
        result.append(replace(row, rank=rank))
    unranked = [row for row in rows if not (row.items_due or row.open_now)]
    return result + sorted(unranked, key=lambda row: row.name)
