"""``chainchief backup [-o FILE]`` and ``chainchief restore FILE``."""

from __future__ import annotations

import argparse
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.domain.errors import DatabaseDamaged
from chainchief.i18n import _


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    make = subparsers.add_parser(
        "backup", parents=[common], help=_("back up the database now (online, while in use)")
    )
    make.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write the backup to FILE instead of the backup folder"),
    )
    make.add_argument(
        "--portable",
        action="store_true",
        help=_(
            "write a portable archive (the import workbook plus all other data) that restores "
            "on any engine; server databases are always backed up so"
        ),
    )
    make.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore",
        parents=[common],
        help=_("replace the database by a backup (the current one is backed up first)"),
    )
    restore.add_argument(
        "file", metavar="FILE", help=_("the backup file to restore (.db, or a portable .zip)")
    )
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.backups import backup_database

    path = backup_database(ctx.db, args.output, actor=ctx.actor, portable=args.portable)
    ctx.print(_("Backup written: {path}").format(path=path))
    return 0


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    """Works on the file, never through ``ctx.db``: a damaged database cannot be opened, and
    then cannot say who its users are either."""
    from chainchief.services.admin.backups import restore_database

    try:
        actor = ctx.actor
    except DatabaseDamaged:
        actor = ctx.unverified_actor
    result = restore_database(ctx.target, args.file, actor=actor)
    ctx.print(
        _("Restored {database} from {source}.").format(
            database=result.database, source=result.source
        )
    )
    if result.previous is not None:
        ctx.print(_("The database as it was before is kept in {path}").format(path=result.previous))
    return 0
