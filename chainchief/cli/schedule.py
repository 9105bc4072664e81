"""``chainchief schedule``: plan (and with --apply save) the year's meetings."""

from __future__ import annotations

import argparse
from itertools import groupby
from typing import TYPE_CHECKING, Any

from chainchief.cli.context import CliContext
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _

if TYPE_CHECKING:
    from chainchief.domain.scheduler_model import Plan

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    schedule = subparsers.add_parser(
        "schedule", parents=[common], help=_("plan the year's dispatch and team-leads meetings")
    )
    schedule.add_argument("--year", type=int, required=True, metavar="YYYY")
    schedule.add_argument("--apply", action="store_true", help=_("save the plan"))
    schedule.add_argument("--json", action="store_true", help=_("print JSON"))
    schedule.set_defaults(handler=run_schedule)


def run_schedule(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.meetings.plan import apply_plan, plan_meetings

    plan = plan_meetings(ctx.db, args.year)
    if args.apply:
        apply_plan(ctx.db, plan, actor=ctx.actor)
    if args.json:
        from chainchief.domain.scheduler_model import plan_to_json

        ctx.print_json(plan_to_json(plan))
        return 0
    for line in plan_lines(plan):
        ctx.print(line)
    if args.apply:
        ctx.print(_("The plan was saved."))
    return 0


def plan_lines(plan: Plan) -> list[str]:
    """The plan by quarter: one line per meeting, then what could not be placed and why."""
    lines = [_("Meeting plan for {year}").format(year=plan.year)]
    for warning in plan.warnings:
        lines.append(_("Note: {warning}").format(warning=warning))
    for quarter, meetings in groupby(plan.meetings, key=lambda m: m.quarter):
        lines.append("")
        parsed = Quarter.parse(quarter)
        lines.append(_("Quarter {quarter}").format(quarter=parsed, chinese=parsed.chinese))
        for meeting in meetings:
            title = meeting.chain if meeting.chain else meeting.kind.label
            weekday = _("weekday {day}").format(day=WEEKDAYS[meeting.date.weekday()])
            chair = meeting.chair or _("(no chair)")
            attendees = "、".join(meeting.attendees) or "-"
            lines.append(
                f"  {meeting.date.isoformat()} {weekday} {meeting.start}-{meeting.end}  "
                f"{meeting.kind.label}  {title}  "
                + _("chair {chair}; attending {attendees}").format(chair=chair, attendees=attendees)
            )
    if plan.unplaced:
        lines.append("")
        lines.append(_("Not placed:"))
        for item in plan.unplaced:
            title = item.chain if item.chain else item.kind.label
            lines.append(f"  {item.quarter}  {title}: {item.reason}")
    return lines
