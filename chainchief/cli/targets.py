"""``chainchief targets``: the chain's open targets, by stage or by the gaps they would close."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from chainchief.cli.context import CliContext
from chainchief.domain.textwidth import display_width, pad
from chainchief.i18n import _

if TYPE_CHECKING:
    from chainchief.domain.ranking import RankedTarget


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "targets",
        parents=[common],
        help=_("a chain's open targets, by stage or (--rank) by the gaps they would close"),
    )
    parser.add_argument("--chain", required=True, metavar="NAME", help=_("the chain"))
    parser.add_argument(
        "--rank", action="store_true", help=_("the most valuable first instead of by stage")
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run_targets)


def run_targets(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.domain.ranking import targets_to_json
    from chainchief.services.foresight import ranked_targets

    found = ranked_targets(ctx.reading_db, args.chain, rank=args.rank)
    if args.json:
        ctx.print_json(targets_to_json(found.chain, found.targets))
        return 0
    if not found.targets:
        ctx.print(_("{chain} has no open targets.").format(chain=found.chain))
        return 0
    for line in target_table(found.targets):
        ctx.print(line)
    return 0


def closes_text(item: RankedTarget) -> str:
    """What landing the target would close, in the user's language."""
    parts = [
        _("breakpoint {upstream} → {downstream}").format(
            upstream=bp.upstream, downstream=bp.downstream
        )
        for bp in item.closes_breakpoints
    ]
    parts += [
        _("{segment} {before} → {after}").format(
            segment=c.name, before=c.before.label, after=c.after.label
        )
        for c in item.lifts
    ]
    return "；".join(parts)


def target_table(ranked: tuple[RankedTarget, ...]) -> list[str]:
    header = [_("Value"), _("Stage"), _("Segment"), _("Firm"), _("Closes")]
    rows = [
        [
            f"{item.value:.2f}",
            item.target.stage.label,
            item.target.segment,
            item.target.firm,
            closes_text(item),
        ]
        for item in ranked
    ]
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = []
    for row in [header, *rows]:
        cells = [
            pad(cell, width, right=index == 0)
            for index, (cell, width) in enumerate(zip(row[:4], widths, strict=True))
        ]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    return lines
