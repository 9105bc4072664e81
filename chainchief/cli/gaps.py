"""``chainchief gaps``: where each chain is broken, as JSON or an aligned table."""

from __future__ import annotations

import argparse
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.domain.analysis import ChainAnalysis, gaps_to_json
from chainchief.domain.enums import SegmentStatus
from chainchief.domain.textwidth import display_width, pad
from chainchief.i18n import _

HIGHLIGHT = {SegmentStatus.MISSING: "\x1b[1;31m", SegmentStatus.WEAK: "\x1b[33m"}
RESET = "\x1b[0m"
MAX_CANDIDATES = 3


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    gaps = subparsers.add_parser(
        "gaps", parents=[common], help=_("gap analysis: missing and weak segments, chokepoints")
    )
    gaps.add_argument("--chain", metavar="NAME", help=_("only this chain"))
    gaps.add_argument("--json", action="store_true", help=_("print JSON"))
    gaps.set_defaults(handler=run_gaps)


def run_gaps(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.chains.gaps import analyse_chains

    analyses = analyse_chains(ctx.reading_db, args.chain)
    if args.json:
        ctx.print_json(gaps_to_json(analyses))
        return 0
    colour = ctx.stdout_is_terminal()
    for index, analysis in enumerate(analyses):
        if index:
            ctx.print()
        for line in chain_table(analysis, colour=colour):
            ctx.print(line)
    return 0


def chain_table(analysis: ChainAnalysis, *, colour: bool) -> list[str]:
    """The chain's headline, one aligned row per segment, then its breakpoints."""
    lines = [
        _("{chain}: completeness {completeness}%, leading coverage {coverage}%").format(
            chain=analysis.chain,
            completeness=analysis.completeness,
            coverage=analysis.leading_coverage,
        )
    ]
    header = [
        _("Tier"),
        _("Segment"),
        _("Key"),
        _("Local firms"),
        _("Status"),
        _("Chokepoint"),
        _("Fill candidates"),
    ]
    rows = []
    for segment in analysis.segments:
        candidates = "、".join(
            f"{target.firm}({target.stage.label})"
            for target in segment.fill_candidates[:MAX_CANDIDATES]
        )
        if len(segment.fill_candidates) > MAX_CANDIDATES:
            candidates += "…"
        rows.append(
            (
                segment.status,
                [
                    segment.tier.label,
                    segment.name,
                    "★" if segment.key else "",
                    str(segment.local_firms),
                    segment.status.label,
                    _("yes") if segment.chokepoint else ("·" if segment.critical else ""),
                    candidates,
                ],
            )
        )
    widths = [display_width(title) for title in header]
    for _status, cells in rows:
        widths = [
            max(width, display_width(cell)) for width, cell in zip(widths, cells, strict=True)
        ]
    right_aligned = {3}
    lines.append(_format_row(header, widths, right_aligned))
    lines.append("  ".join("-" * width for width in widths[:-1]) + "  " + "-" * widths[-1])
    for status, cells in rows:
        line = _format_row(cells, widths, right_aligned)
        if colour and status in HIGHLIGHT:
            line = HIGHLIGHT[status] + line + RESET
        lines.append(line)
    if analysis.breakpoints:
        lines.append(
            _("Breakpoints: {links}").format(
                links="；".join(f"{bp.upstream} → {bp.downstream}" for bp in analysis.breakpoints)
            )
        )
    return lines


def _format_row(cells: list[str], widths: list[int], right_aligned: set[int]) -> str:
    padded = [
        pad(cell, width, right=index in right_aligned)
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(padded).rstrip()
