"""The 问题清单 of a chain's meeting pack: every gap the analysis finds, one row each.

One row for every missing or weak segment, one for every chokepoint (so a missing chokepoint
has two rows: 缺链 and 卡点) and one for every breakpoint, named ``上游环节→下游环节``. Each row
proposes what to do — the segment's fill candidates (landed ones first, then the open ones by
the value of landing them, issue 27, most advanced stage on a tie) and the open action items
that mention it — and who answers for it: the department and owner of such an item, else the
chain's lead department with no owner yet (the chief then has to name one). Pure rules over
plain values, so the workbook and any later report list the same problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from chainchief.domain.analysis import ChainAnalysis, SegmentAnalysis
from chainchief.domain.enums import SegmentStatus, Stage
from chainchief.domain.graph import TargetRef

MAX_CANDIDATES = 3
TargetValues = Mapping[tuple[str, str], Decimal]
"""(segment, firm) → the value of landing that open target (``domain.ranking``)."""
MISSING, WEAK, CHOKEPOINT, BREAKPOINT = "缺链", "弱链", "卡点", "断点"
KIND_ORDER = (MISSING, WEAK, CHOKEPOINT, BREAKPOINT)


@dataclass(frozen=True)
class OpenItem:
    """An open action item of the chain, as a problem row needs it."""

    item: str
    department: str | None
    owner: str | None
    due: dt.date | None


@dataclass(frozen=True)
class Problem:
    """One row of the 问题清单; ``segments`` are the segment names it concerns."""

    problem: str
    kind: str
    situation: str
    measures: tuple[str, ...]
    department: str | None
    owner: str | None
    due: dt.date | None
    segments: tuple[str, ...]


def chain_problems(
    analysis: ChainAnalysis,
    items: Sequence[OpenItem],
    lead_department: str | None,
    values: TargetValues | None = None,
) -> tuple[Problem, ...]:
    """缺链 and 弱链 rows, then 卡点, then 断点 — each group in the analysis' order."""
    values = values or {}
    rows: list[Problem] = []
    for segment in analysis.segments:
        if segment.status is SegmentStatus.MISSING:
            situation = f"{segment.tier.file_value}环节，区内无企业"
            rows.append(_row(segment, MISSING, situation, items, lead_department, (), values))
        elif segment.status is SegmentStatus.WEAK:
            situation = (
                f"{segment.tier.file_value}环节，区内企业{segment.local_firms}家，"
                f"少于最少本地企业数{analysis.min_local_firms}家"
            )
            rows.append(_row(segment, WEAK, situation, items, lead_department, (), values))
    for segment in analysis.chokepoints:
        situation = (
            f"上下游之间的必经环节，现为{segment.status.file_value}"
            f"（区内企业{segment.local_firms}家）"
        )
        rows.append(_row(segment, CHOKEPOINT, situation, items, lead_department, (), values))
    by_name = {segment.name: segment for segment in analysis.segments}
    for link in analysis.breakpoints:
        upstream, downstream = by_name[link.upstream], by_name[link.downstream]
        situation = (
            f"上游「{upstream.name}」区内无企业，下游「{downstream.name}」"
            f"区内企业{downstream.local_firms}家依赖区外供应"
        )
        rows.append(
            _row(
                upstream,
                BREAKPOINT,
                situation,
                items,
                lead_department,
                (downstream.name,),
                values,
            )
        )
    return tuple(rows)


def _row(
    segment: SegmentAnalysis,
    kind: str,
    situation: str,
    items: Sequence[OpenItem],
    lead_department: str | None,
    also: tuple[str, ...],
    values: TargetValues,
) -> Problem:
    names = (segment.name, *also)
    related = [item for item in items if any(name in item.item for name in names)]
    candidates = tuple(
        _measure(target, values.get((segment.name, target.firm)))
        for target in by_value(segment.fill_candidates, segment.name, values)[:MAX_CANDIDATES]
    )
    measures = candidates + tuple(f"督办：{item.item}" for item in related)
    answering = next((item for item in related if item.department or item.owner), None)
    dues = [item.due for item in related if item.due is not None]
    return Problem(
        problem="→".join(names) if also else segment.name,
        kind=kind,
        situation=situation,
        measures=measures,
        department=(answering.department if answering and answering.department else None)
        or lead_department,
        owner=answering.owner if answering else None,
        due=min(dues) if dues else None,
        segments=names,
    )


def by_value(targets: Sequence[TargetRef], segment: str, values: TargetValues) -> list[TargetRef]:
    """Landed targets first, then the most valuable; the analysis' order (stage) on a tie."""
    ranked = sorted(
        enumerate(targets),
        key=lambda pair: (
            pair[1].stage is not Stage.LANDED,
            -values.get((segment, pair[1].firm), Decimal(0)),
            pair[0],
        ),
    )
    return [target for _index, target in ranked]


def _measure(target: TargetRef, value: Decimal | None) -> str:
    worth = f"，补链价值{value}" if value is not None else ""
    return f"推进{target.firm}（{target.stage.file_value}{worth}）"
