"""The rules of the chief's one-page brief: which problems come first and how lists are cut.

The brief is a file for people, so its words are Chinese (DESIGN.md §3), fixed here rather
than translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from chainchief.domain.analysis import ChainAnalysis
from chainchief.domain.enums import SegmentStatus

T = TypeVar("T")
MISSING, WEAK, STRONG = SegmentStatus.MISSING, SegmentStatus.WEAK, SegmentStatus.STRONG


@dataclass(frozen=True)
class BriefProblem:
    """One line of the 问题清单: its type (缺链/弱链/卡点/断点) and what it names."""

    kind: str
    name: str
    detail: str = ""


@dataclass(frozen=True)
class Cut(Generic[T]):
    """The first items of a list and how many more there are (printed as 另有 N 项)."""

    shown: tuple[T, ...]
    more: int

    @property
    def more_text(self) -> str:
        return f"另有 {self.more} 项" if self.more else ""


def cut(items: Sequence[T], limit: int) -> Cut[T]:
    return Cut(tuple(items[:limit]), max(0, len(items) - limit))


def ranked_problems(analysis: ChainAnalysis) -> list[BriefProblem]:
    """Breakpoints first, then missing key segments, then chokepoints, then the rest (missing
    before weak).

    A segment is named once, under the first heading it falls in, so the brief's top three are
    three different problems; within a heading the analysis's order (tier, then name) holds.
    """
    problems = [
        BriefProblem("断点", f"{bp.upstream}→{bp.downstream}", "上游缺失，本地生产依赖区外供应")
        for bp in analysis.breakpoints
    ]
    named: set[int] = set()
    missing_key = [s for s in analysis.segments if s.status is MISSING and s.key]
    for segment in missing_key:
        named.add(segment.segment_id)
        problems.append(BriefProblem("缺链", segment.name, "关键环节，区内无企业"))
    for segment in analysis.chokepoints:
        if segment.segment_id not in named:
            named.add(segment.segment_id)
            problems.append(
                BriefProblem("卡点", segment.name, f"必经环节，区内仅 {segment.local_firms} 家")
            )
    rest = [s for s in analysis.segments if s.segment_id not in named and s.status is not STRONG]
    problems += [BriefProblem("缺链", s.name, "区内无企业") for s in rest if s.status is MISSING]
    problems += [
        BriefProblem("弱链", s.name, f"区内仅 {s.local_firms} 家") for s in rest if s.status is WEAK
    ]
    return problems
