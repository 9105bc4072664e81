"""The changes of a chain in words (the pack's 三、与上次会议相比, ``changes`` without --json).

Each kind of change is one line, in the order the issue lists them: the completeness change;
segments that turned green, amber or red; breakpoints closed or opened; targets that moved
forward or back; projects that moved; items closed, new and turned red. Kinds with nothing to
say are left out. Words go through ``_()``, so the pack (written inside ``files_for_people``)
reads Chinese and the command line the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from chainchief.domain.enums import ProjectStage, SegmentStatus, Stage
from chainchief.domain.history_diff import ChainChanges, TargetChange
from chainchief.i18n import N_, _

SEPARATOR = "、"
TURNED = {
    SegmentStatus.STRONG: N_("Turned green (strong): {segments}"),
    SegmentStatus.WEAK: N_("Turned amber (weak): {segments}"),
    SegmentStatus.MISSING: N_("Turned red (missing): {segments}"),
}


def change_lines(changes: ChainChanges) -> list[str]:
    """One sentence per kind of change; only the completeness line when nothing else moved."""
    lines = [_completeness(*changes.completeness)]
    for status, template in TURNED.items():
        names = [row.segment for row in changes.segments if row.after is status]
        _add(lines, template, segments=_joined(names))
    _add(lines, N_("Breakpoints closed: {pairs}"), pairs=_pairs(changes.breakpoints_removed))
    _add(lines, N_("Breakpoints opened: {pairs}"), pairs=_pairs(changes.breakpoints_added))
    forward = [row for row in changes.targets if row.forward]
    back = [row for row in changes.targets if not row.forward]
    _add(lines, N_("Targets moved forward: {targets}"), targets=_targets(forward))
    _add(lines, N_("Targets moved back: {targets}"), targets=_targets(back))
    projects = [
        f"{row.project}（{_stage(row.before)} → {_stage(row.after)}）" for row in changes.projects
    ]
    _add(lines, N_("Projects moved: {projects}"), projects=_joined(projects))
    _add(lines, N_("Items closed: {items}"), items=_joined(changes.actions_closed))
    _add(lines, N_("New items: {items}"), items=_joined(changes.actions_new))
    _add(lines, N_("Items turned red: {items}"), items=_joined(changes.actions_turned_red))
    return lines


def compared_with(day: str) -> str:
    """What the lines compare with: the state at the last held meeting (``day`` as written)."""
    return _("Compared with the dispatch meeting of {day}:").format(day=day)


def _completeness(before: float, after: float) -> str:
    if before == after:
        return _("Completeness unchanged at {value:.1f}%").format(value=after)
    return _("Completeness {before:.1f}% → {after:.1f}% ({delta:+.1f} points)").format(
        before=before, after=after, delta=after - before
    )


def _add(lines: list[str], template: str, **values: str) -> None:
    if all(values.values()):
        lines.append(_(template).format(**values))


def _joined(names: Iterable[str]) -> str:
    return SEPARATOR.join(names)


def _pairs(pairs: Iterable[tuple[str, str]]) -> str:
    return _joined(f"{up}→{down}" for up, down in pairs)


def _targets(rows: list[TargetChange]) -> str:
    return _joined(f"{row.firm}（{_stage(row.before)} → {_stage(row.after)}）" for row in rows)


def _stage(stage: Stage | ProjectStage | None) -> str:
    return _("(none)") if stage is None else stage.label
