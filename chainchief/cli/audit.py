"""``chainchief audit [--since DATE] [--json]``: who changed what, when and how."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.domain.textwidth import display_width, pad
from chainchief.i18n import _


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            _("not a date: {text} (write it like 2027-03-31)").format(text=text)
        ) from error


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    audit = subparsers.add_parser(
        "audit", parents=[common], help=_("the audit log: who changed what, when")
    )
    audit.add_argument(
        "--since", type=_date, metavar="DATE", help=_("only entries on or after DATE")
    )
    audit.add_argument("--action", metavar="ACTION", help=_("only this kind (edit, import…)"))
    audit.add_argument("--entity", metavar="ENTITY", help=_("only this kind of record"))
    audit.add_argument("--json", action="store_true", help=_("print JSON"))
    audit.set_defaults(handler=run_audit)


def run_audit(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.audit import (
        AuditFilter,
        audit_entries,
        audit_to_json,
    )
    from chainchief.services.admin.audit_words import describe_entry

    ctx.actor_on(ctx.db)  # once users exist, only a signed-in user reads the log
    rows = audit_entries(
        ctx.db, AuditFilter(since=args.since, action=args.action, entity=args.entity)
    )
    if args.json:
        ctx.print_json(audit_to_json(rows))
        return 0
    if not rows:
        ctx.print(_("No audit entries."))
        return 0
    header = [_("When"), _("User"), _("What happened")]
    table = [
        [
            f"{row.at:%Y-%m-%d %H:%M:%S}",
            row.user,
            describe_entry(row.action, row.entity, row.key, row.changes),
        ]
        for row in rows
    ]
    width = max(display_width(cells[1]) for cells in [header, *table])
    for when, user, entry in [header, *table]:
        ctx.print(f"{pad(when, 19)}  {pad(user, width)}  {entry}".rstrip())
    return 0
