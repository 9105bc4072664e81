"""``chainchief brief``: the chief's one-page brief per chain, as PDF.

Drawn by the UI's PDF writer, imported by name only inside the handler, as ``render`` does, so
every other command starts without Qt.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.cli.pack import parse_quarter
from chainchief.domain.errors import RuleViolation, UserError
from chainchief.i18n import _, ngettext

BRIEF_MODULE = "chainchief.ui.foresight.brief_pdf"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    brief = subparsers.add_parser(
        "brief", parents=[common], help=_("the chief's one-page brief per chain (PDF)")
    )
    brief.add_argument("--quarter", required=True, metavar="YYYYQn", help=_("e.g. 2027Q1"))
    brief.add_argument("--chain", metavar="NAME", help=_("only this chain"))
    brief.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    brief.set_defaults(handler=run_brief)


def run_brief(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.foresight import chain_briefs

    output = Path(args.output)
    if output.suffix.lower() != ".pdf":
        raise UserError(
            _("Cannot write {path}: the file name must end in .pdf.").format(path=output)
        )
    quarter = parse_quarter(args.quarter)
    briefs = chain_briefs(ctx.db, quarter, chain=args.chain)
    if not briefs:
        raise RuleViolation(_("There is no chain to brief on yet."))
    writer = importlib.import_module(BRIEF_MODULE)
    written = writer.write_brief_headless(briefs, output, quarter)
    count = len(briefs)
    ctx.print(
        ngettext(
            "Wrote {path}: the brief of {count} chain, one page each.",
            "Wrote {path}: the briefs of {count} chains, one page each.",
            count,
        ).format(path=written, count=count)
    )
    return 0
