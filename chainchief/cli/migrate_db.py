"""``chainchief migrate-db --from SRC --to DST``: copy a whole database to another engine."""

from __future__ import annotations

import argparse
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.i18n import _


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    migrate = subparsers.add_parser(
        "migrate-db",
        parents=[common],
        help=_("copy a whole database into an empty one, e.g. from SQLite to PostgreSQL"),
    )
    migrate.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="SRC",
        help=_("the database to copy (path or SQLAlchemy URL)"),
    )
    migrate.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="DST",
        help=_("the empty database to copy into (path or SQLAlchemy URL)"),
    )
    migrate.set_defaults(handler=run_migrate)


def run_migrate(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.migrate_db import migrate_database
    from chainchief.store.db import open_database

    source = open_database(args.source, daily_backup=False)
    try:
        actor = ctx.actor_on(source)
        target = open_database(args.target, daily_backup=False)
        try:
            result = migrate_database(source, target, actor=actor)
        finally:
            target.dispose()
    finally:
        source.dispose()
    width = max(len(table.table) for table in result.tables)
    for table in result.tables:
        ctx.print(f"{table.table.ljust(width)}  {table.rows:>8}")
    ctx.print(
        _("Copied {rows} rows from {source} to {target}; every table's count matches.").format(
            rows=result.rows, source=result.source, target=result.target
        )
    )
    return 0
