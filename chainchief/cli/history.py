"""``chainchief snapshot take|list`` and ``chainchief changes``: chains' states remembered, and
what changed between two of them (issue 21)."""

from __future__ import annotations

import argparse
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.i18n import _, ngettext

LAST_MEETING = "last-meeting"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    snapshot = subparsers.add_parser(
        "snapshot", parents=[common], help=_("chains' states remembered (snapshots)")
    )
    actions = snapshot.add_subparsers(dest="snapshot_command", required=True, metavar=_("ACTION"))
    take = actions.add_parser("take", parents=[common], help=_("snapshot the chains now"))
    take.add_argument("--chain", metavar="NAME", help=_("only this chain"))
    take.set_defaults(handler=run_take)
    listing = actions.add_parser("list", parents=[common], help=_("list the snapshots"))
    listing.add_argument("--chain", metavar="NAME", help=_("only this chain"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_list)

    changes = subparsers.add_parser(
        "changes", parents=[common], help=_("what changed in a chain between two snapshots")
    )
    changes.add_argument("--chain", metavar="NAME", required=True)
    changes.add_argument(
        "--since",
        metavar="REF",
        default=LAST_MEETING,
        help=_("YYYY-MM-DD, a quarter like 2026Q1, or last-meeting (the default)"),
    )
    changes.add_argument("--to", metavar="REF", help=_("as --since; the default is now"))
    changes.add_argument("--json", action="store_true", help=_("print JSON"))
    changes.set_defaults(handler=run_changes)


def run_take(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.history import take_snapshots

    taken = take_snapshots(ctx.db, actor=ctx.actor, chain=args.chain)
    ctx.print(
        ngettext("Took {count} snapshot.", "Took {count} snapshots.", taken).format(count=taken)
    )
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.history import list_snapshots, snapshots_to_json

    infos = list_snapshots(ctx.db, args.chain)
    if args.json:
        ctx.print_json(snapshots_to_json(infos))
        return 0
    if not infos:
        ctx.print(_("No snapshots yet."))
    for info in infos:
        ctx.print(f"{info.chain}  {info.taken_on.isoformat()}  {info.quarter}  {info.reason.label}")
    return 0


def run_changes(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.domain.history_words import change_lines
    from chainchief.services.history import chain_changes

    report = chain_changes(ctx.db, args.chain, since=args.since, to=args.to)
    if args.json:
        ctx.print_json(report.to_json())
        return 0
    document = report.to_json()
    ctx.print(
        _("{chain}: from {since} to {until}").format(
            chain=report.changes.chain, since=document["from"], until=document["to"]
        )
    )
    for line in change_lines(report.changes):
        ctx.print(f"  {line}")
    return 0
