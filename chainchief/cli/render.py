"""``chainchief render``: a chain map as PNG, SVG or PDF, drawn headless by the UI's scene, or as
yEd GraphML, written from the same geometry without starting Qt.

The UI module is imported by name only inside the handler (DESIGN.md §2: the CLI reaches the UI
lazily, only to open the GUI and for ``render``), so every other command starts without Qt.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.domain.errors import UserError
from chainchief.i18n import _

FORMATS = (".png", ".svg", ".pdf", ".graphml")
PAPERS = ("a4", "a3")
VIEWS = ("status", "panorama")
HEADLESS_MODULE = "chainchief.ui.map.headless"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    render = subparsers.add_parser(
        "render", parents=[common], help=_("draw a chain map to PNG, SVG, PDF or GraphML")
    )
    render.add_argument("--chain", required=True, metavar="NAME", help=_("the chain to draw"))
    render.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=_("file to write: .png, .svg, .pdf or .graphml (yEd)"),
    )
    render.add_argument(
        "--view",
        choices=VIEWS,
        default="status",
        help=_("status: the local status map (default); panorama: the whole chain"),
    )
    render.add_argument(
        "--paper",
        choices=PAPERS,
        help=_("PDF sheet, landscape (default: A4, or A3 when A4 would make titles too small)"),
    )
    render.set_defaults(handler=run_render)


def run_render(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.chains.chain_map import chain_map_by_name

    output = Path(args.output)
    if output.suffix.lower() not in FORMATS:
        raise UserError(
            _(
                "Cannot write {path}: the file name must end in .png, .svg, .pdf or .graphml."
            ).format(path=output)
        )
    chain = chain_map_by_name(ctx.reading_db, args.chain)
    if output.suffix.lower() == ".graphml":
        from chainchief.services.chains.map_files import write_map_graphml

        written = write_map_graphml(chain, args.view, output)
    else:
        headless = importlib.import_module(HEADLESS_MODULE)
        written = headless.render_headless(chain, args.view, output, paper=args.paper)
    ctx.print(_("Map of {chain} written to {path}").format(chain=chain.chain, path=written))
    return 0
