"""``chainchief scores``, ``circular`` and ``notice``: the supervision loop's outputs (督办)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.cli.pack import parse_quarter
from chainchief.domain.scores import ScoreRow
from chainchief.domain.textwidth import display_width, pad
from chainchief.i18n import _, ngettext


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    scores = subparsers.add_parser(
        "scores", parents=[common], help=_("rank departments and chains on their action items")
    )
    scores.add_argument("--quarter", required=True, metavar="YYYYQn", help=_("e.g. 2027Q1"))
    scores.add_argument("--json", action="store_true", help=_("print JSON"))
    scores.set_defaults(handler=run_scores)
    circular = subparsers.add_parser(
        "circular", parents=[common], help=_("write the quarterly circular (通报) as .docx")
    )
    circular.add_argument("--quarter", required=True, metavar="YYYYQn", help=_("e.g. 2027Q1"))
    circular.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    circular.set_defaults(handler=run_circular)
    notice = subparsers.add_parser(
        "notice",
        parents=[common],
        help=_("write a supervision notice (督办通知单) per department with lit items"),
    )
    notice.add_argument("--department", metavar="NAME", help=_("only this department"))
    notice.add_argument("-o", "--output", required=True, metavar="DIR")
    notice.set_defaults(handler=run_notice)
    collect = subparsers.add_parser(
        "collect",
        parents=[common],
        help=_("write a fill-in workbook (督办反馈表) per department with open items"),
    )
    collect.add_argument("--quarter", required=True, metavar="YYYYQn", help=_("e.g. 2027Q1"))
    collect.add_argument("-o", "--output", required=True, metavar="DIR")
    collect.set_defaults(handler=run_collect)
    merge = subparsers.add_parser(
        "collect-merge",
        parents=[common],
        help=_("merge the departments' returned fill-in workbooks, each file on its own"),
    )
    merge.add_argument("files", nargs="+", metavar="FILE")
    merge.add_argument(
        "--dry-run", action="store_true", help=_("check and show what would be applied")
    )
    merge.add_argument("--json", action="store_true", help=_("print JSON"))
    merge.set_defaults(handler=run_collect_merge)


def run_scores(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.actions.scores import quarter_scores, scores_to_json

    scores = quarter_scores(ctx.db, parse_quarter(args.quarter))
    if args.json:
        ctx.print_json(scores_to_json(scores))
        return 0
    for title, rows in ((_("Departments"), scores.departments), (_("Chains"), scores.chains)):
        ctx.print(f"{title} · {scores.quarter}")
        _print_table(ctx, title, rows)
        ctx.print()
    return 0


def run_circular(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.actions.documents import issue_circular

    issued = issue_circular(ctx.db, parse_quarter(args.quarter), args.output, actor=ctx.actor)
    ctx.print(
        _("Wrote {path}: {title} ({number}).").format(
            path=issued.path, title=issued.title, number=issued.number
        )
    )
    return 0


def run_notice(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.actions.documents import issue_notices

    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    issued = issue_notices(ctx.db, folder, actor=ctx.actor, department=args.department)
    for notice in issued:
        ctx.print(
            _("Wrote {path}: {title} ({number}).").format(
                path=notice.path, title=notice.title, number=notice.number
            )
        )
    if not issued:
        ctx.print(_("No department has a blue, yellow or red action item."))
    return 0


def run_collect(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.actions.feedback import collect_packs

    written = collect_packs(ctx.db, parse_quarter(args.quarter), args.output, actor=ctx.actor)
    for pack in written:
        ctx.print(
            ngettext(
                "Wrote {path}: {count} open item.", "Wrote {path}: {count} open items.", pack.items
            ).format(path=pack.path, count=pack.items)
        )
    if not written:
        ctx.print(_("No department has an open action item."))
    return 0


def run_collect_merge(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.actions.feedback import merge_lines, merge_packs, merge_to_json

    results = merge_packs(ctx.db, args.files, actor=ctx.actor, dry_run=args.dry_run)
    if args.json:
        ctx.print_json(merge_to_json(results))
    else:
        for result in results:
            for line in merge_lines(result, dry_run=args.dry_run):
                ctx.print(line)
    return 2 if any(result.result == "refused" for result in results) else 0


def _print_table(ctx: CliContext, title: str, rows: list[ScoreRow]) -> None:
    header = [_("Rank"), title, _("Items due"), _("On time"), _("Rate"), _("Open"), _("Overdue")]
    header += [_("Red"), _("Extensions"), _("Score")]
    table = [
        [
            str(row.rank) if row.rank is not None else "-",
            row.name,
            str(row.items_due),
            str(row.done_on_time),
            f"{row.on_time_rate:.1f}%" if row.on_time_rate is not None else "-",
            str(row.open_now),
            str(row.overdue_now),
            str(row.red_now),
            str(row.extensions),
            f"{row.score:.1f}",
        ]
        for row in rows
    ]
    widths = [max(display_width(cells[i]) for cells in [header, *table]) for i in range(10)]
    for cells in [header, *table]:
        ctx.print("  ".join(pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip())
