"""Data-wide commands: ``demo`` and ``stats``."""

from __future__ import annotations

import argparse
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.i18n import _


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    demo = subparsers.add_parser(
        "demo", parents=[common], help=_("load the demo city into an empty database")
    )
    demo.add_argument("--force", action="store_true", help=_("replace all data with the demo"))
    demo.set_defaults(handler=run_demo)

    stats = subparsers.add_parser("stats", parents=[common], help=_("row counts"))
    stats.add_argument("--json", action="store_true", help=_("print JSON"))
    stats.set_defaults(handler=run_stats)


def run_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.stats import row_counts
    from chainchief.services.workbooks.demo import load_demo

    summary = load_demo(ctx.db, force=args.force, actor=ctx.actor)
    for line in summary.warnings:
        ctx.print(line)
    counts = row_counts(ctx.db)
    ctx.print(
        _("Demo city loaded: {chains} chains, {segments} segments, {firms} firms.").format(**counts)
    )
    return 0


def run_stats(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.stats import row_counts

    counts = row_counts(ctx.reading_db)
    if args.json:
        ctx.print_json(counts)
        return 0
    width = max(len(key) for key in counts)
    for key, value in counts.items():
        ctx.print(f"{key.ljust(width)}  {value:>8}")
    return 0
