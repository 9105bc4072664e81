"""``chainchief actions``: the action items (督办事项) to follow up."""

from __future__ import annotations

import argparse
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.domain.lights import Light
from chainchief.domain.textwidth import display_width, pad
from chainchief.i18n import _

HIGHLIGHT = {Light.RED: "\x1b[1;31m", Light.YELLOW: "\x1b[33m", Light.BLUE: "\x1b[34m"}
RESET = "\x1b[0m"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    actions = subparsers.add_parser(
        "actions", parents=[common], help=_("action items to follow up")
    )
    actions.add_argument("--chain", metavar="NAME", help=_("only this chain"))
    actions.add_argument("--overdue", action="store_true", help=_("only overdue items"))
    actions.add_argument("--json", action="store_true", help=_("print JSON"))
    actions.set_defaults(handler=run_actions)


def run_actions(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.actions.items import ActionFilter, actions_to_json, list_actions
    from chainchief.services.chains.lists import require_chain

    if args.chain is not None:
        require_chain(ctx.db, args.chain)
    rows = list_actions(ctx.db, ActionFilter(chain=args.chain, overdue_only=args.overdue))
    if args.json:
        ctx.print_json(actions_to_json(rows))
        return 0
    if not rows:
        ctx.print(_("No action items."))
        return 0
    header = [
        _("Chain"),
        _("Action item"),
        _("Department"),
        _("Owner"),
        _("Due"),
        _("Status"),
        _("Light"),
    ]
    table = [
        [
            row.chain,
            row.item,
            row.department or "",
            row.owner or "",
            row.due.isoformat() if row.due else "",
            row.status.label + (" " + _("(overdue)") if row.overdue else ""),
            row.light.label if row.light else "",
        ]
        for row in rows
    ]
    widths = [
        max(display_width(cells[i]) for cells in [header, *table]) for i in range(len(header))
    ]
    ctx.print("  ".join(pad(cell, width) for cell, width in zip(header, widths, strict=True)))
    colour = ctx.stdout_is_terminal()
    for row, cells in zip(rows, table, strict=True):
        line = "  ".join(pad(cell, width) for cell, width in zip(cells, widths, strict=True))
        line = line.rstrip()
        if colour and row.light in HIGHLIGHT:
            line = HIGHLIGHT[row.light] + line + RESET
        ctx.print(line)
    return 0
