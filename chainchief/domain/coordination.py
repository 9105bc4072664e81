"""需链长协调事项: what only the chain chief can unblock, the same list in the pack and the brief.

Three sources, in this order: open action items flagged 需链长协调, projects that name a
需协调问题, and the 问题清单 rows nobody answers for yet (the chief has to name an owner).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chainchief.domain.problems import Problem

ACTION_SOURCE, PROJECT_SOURCE, PROBLEM_SOURCE = "督办事项", "重点项目", "问题清单"


@dataclass(frozen=True)
class FlaggedItem:
    """An open action item flagged 需链长协调."""

    item: str
    department: str | None


@dataclass(frozen=True)
class ProjectIssue:
    """A project with the issue it needs settled (需协调问题)."""

    project: str
    issue: str
    owner: str | None


@dataclass(frozen=True)
class CoordinationLine:
    text: str
    source: str
    department: str


def coordination_lines(
    flagged: Sequence[FlaggedItem], projects: Sequence[ProjectIssue], problems: Sequence[Problem]
) -> list[CoordinationLine]:
    """Flagged items, then project issues, then one line naming the problems with no owner."""
    lines = [CoordinationLine(item.item, ACTION_SOURCE, item.department or "") for item in flagged]
    lines += [
        CoordinationLine(f"{project.project}：{project.issue}", PROJECT_SOURCE, project.owner or "")
        for project in projects
        if project.issue
    ]
    ownerless = [problem for problem in problems if not problem.owner]
    if ownerless:
        named = "、".join(f"{problem.problem}（{problem.kind}）" for problem in ownerless)
        lines.append(
            CoordinationLine(f"明确责任人：{named}", PROBLEM_SOURCE, ownerless[0].department or "")
        )
    return lines
