"""Excel exchange commands: ``template``, ``import`` and ``export`` (DESIGN.md §3)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from chainchief.cli.context import CliContext
from chainchief.domain.textwidth import display_width, pad
from chainchief.i18n import _

if TYPE_CHECKING:
    from chainchief.exchange.progress import ProgressCallback
    from chainchief.services.workbooks.importing import ImportSummary

PROGRESS_INTERVAL = 0.2


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    template = subparsers.add_parser(
        "template", parents=[common], help=_("write an empty import workbook")
    )
    template.add_argument("out", metavar="OUT.xlsx")
    template.set_defaults(handler=run_template)

    importing = subparsers.add_parser(
        "import", parents=[common], help=_("check a workbook, then import all of it or nothing")
    )
    importing.add_argument("file", metavar="FILE.xlsx")
    importing.add_argument(
        "--dry-run", action="store_true", help=_("check and summarise, write nothing")
    )
    importing.set_defaults(handler=run_import)

    exporting = subparsers.add_parser(
        "export", parents=[common], help=_("write all data in the import layout")
    )
    exporting.add_argument("out", metavar="OUT.xlsx")
    exporting.set_defaults(handler=run_export)


def run_template(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.exchange.template import write_template

    write_template(args.out)
    ctx.print(_("Template written to {file}.").format(file=args.out))
    return 0


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.workbooks.importing import import_workbook

    with ProgressLine(ctx, _("Importing")) as progress:
        summary = import_workbook(
            ctx.db, args.file, actor=ctx.actor, dry_run=args.dry_run, progress=progress
        )
    print_summary(ctx, summary)
    return 0


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.workbooks.exporting import export_workbook

    with ProgressLine(ctx, _("Exporting")) as progress:
        counts = export_workbook(ctx.db, args.out, progress=progress)
    ctx.print(_("Exported {rows} rows to {file}.").format(rows=sum(counts.values()), file=args.out))
    return 0


def print_summary(ctx: CliContext, summary: ImportSummary) -> None:
    headers = [_("Sheet"), _("Added"), _("Updated"), _("Unchanged")]
    table = [headers] + [
        [sheet.title, str(sheet.added), str(sheet.updated), str(sheet.unchanged)]
        for sheet in summary.sheets
    ]
    widths = [max(display_width(row[0]) for row in table)] + [
        max(len(row[index]) for row in table) for index in range(1, 4)
    ]
    for row in table:
        cells = [pad(row[0], widths[0])]
        cells += [
            pad(cell, width, right=True) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        ctx.print("  ".join(cells).rstrip())
    if summary.people_created:
        ctx.print(
            _("People created with just their name ({count}): {names}").format(
                count=len(summary.people_created), names="、".join(summary.people_created)
            )
        )
    if summary.departments_created:
        ctx.print(
            _("Departments created ({count}): {names}").format(
                count=len(summary.departments_created),
                names="、".join(summary.departments_created),
            )
        )
    if summary.dry_run:
        ctx.print(_("Dry run: nothing was written."))


class ProgressLine:
    """A "label done/total" line redrawn on stderr, only when stderr is a terminal."""

    def __init__(self, ctx: CliContext, label: str) -> None:
        self.label = label
        self.enabled = ctx.stderr_is_terminal()
        self.drawn = False
        self.last = 0.0

    def __enter__(self) -> ProgressCallback | None:
        return self.report if self.enabled else None

    def report(self, done: int, total: int) -> None:
        moment = time.monotonic()
        if moment - self.last < PROGRESS_INTERVAL:
            return
        self.last = moment
        sys.stderr.write(f"\r{self.label} {done:,}/{max(total, done):,}")
        sys.stderr.flush()
        self.drawn = True

    def __exit__(self, *exc: object) -> None:
        if self.drawn:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
