"""``chainchief sheet`` and ``chainchief ics``: the quarterly meeting workbook and invitations."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.domain.clock import now
from chainchief.domain.errors import RuleViolation
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _, ngettext

HEADLESS_MODULE = "chainchief.ui.map.headless"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    sheet = subparsers.add_parser(
        "sheet", parents=[common], help=_("write the quarterly meeting workbook")
    )
    sheet.add_argument("--quarter", required=True, metavar="YYYYQn", help=_("e.g. 2027Q1"))
    sheet.add_argument("-o", "--output", required=True, metavar="OUT.xlsx")
    sheet.add_argument("--chain", metavar="NAME", help=_("only this chain"))
    sheet.set_defaults(handler=run_sheet)
    ics = subparsers.add_parser(
        "ics", parents=[common], help=_("write the quarter's meeting invitations (.ics)")
    )
    ics.add_argument("--quarter", required=True, metavar="YYYYQn", help=_("e.g. 2027Q1"))
    ics.add_argument("-o", "--output", required=True, metavar="OUT.ics")
    ics.set_defaults(handler=run_ics)


def parse_quarter(text: str) -> Quarter:
    """The quarter the user typed; a typo is refused (exit 2) with the accepted spellings."""
    try:
        return Quarter.parse(text)
    except ValueError as error:
        raise RuleViolation(str(error)) from None


def run_sheet(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.exchange.meeting_workbook import write_meeting_workbook
    from chainchief.services.meetings.pack import quarter_pack

    quarter = parse_quarter(args.quarter)
    pack = quarter_pack(ctx.reading_db, quarter, chain=args.chain)
    # The maps are drawn by the UI's scene offscreen, loaded lazily as ``render`` does.
    headless = importlib.import_module(HEADLESS_MODULE)
    maps = headless.status_maps(ctx.reading_db, [chain.chain for chain in pack.chains])
    write_meeting_workbook(pack, args.output, maps)
    count = len(pack.chains)
    ctx.print(
        ngettext(
            "Wrote {path}: the summary sheet and {count} chain sheet.",
            "Wrote {path}: the summary sheet and {count} chain sheets.",
            count,
        ).format(path=args.output, count=count)
    )
    if pack.chains and all(chain.meeting is None for chain in pack.chains):
        ctx.warn(
            _(
                "No meeting of {quarter} is planned yet, so meeting dates show as to be decided."
            ).format(quarter=quarter)
        )
    return 0


def run_ics(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.exchange.ics import people_without_email, write_ics
    from chainchief.services.meetings.pack_files import planned_meetings

    quarter = parse_quarter(args.quarter)
    meetings = planned_meetings(ctx.db, quarter)
    if not meetings:
        raise RuleViolation(
            _(
                "No meeting of {quarter} is planned yet; plan them first with: "
                "chainchief schedule --year {year} --apply"
            ).format(quarter=quarter, year=quarter.year)
        )
    count = write_ics(meetings, args.output, stamp=now())
    ctx.print(
        ngettext(
            "Wrote {count} meeting invitation to {path}.",
            "Wrote {count} meeting invitations to {path}.",
            count,
        ).format(count=count, path=args.output)
    )
    unreached = people_without_email(meetings)
    if unreached:
        ctx.warn(
            _(
                "These people have no e-mail address, so the invitations cannot reach them; "
                "they are listed in each meeting's description: {names}"
            ).format(names="、".join(unreached))
        )
    return 0
