"""``chainchief server setup``: secure a PostgreSQL database for a shared office."""

from __future__ import annotations

import argparse
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.i18n import _


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    server = subparsers.add_parser(
        "server", parents=[common], help=_("set up a PostgreSQL server for a shared office")
    )
    actions = server.add_subparsers(dest="server_command", required=True, metavar=_("ACTION"))
    setup = actions.add_parser(
        "setup",
        parents=[common],
        help=_(
            "create the roles, upgrade the schema, grant each role what it may do and turn on "
            "row-level security and the audit triggers (run again after every upgrade)"
        ),
    )
    setup.add_argument(
        "--superuser-url",
        required=True,
        metavar="URL",
        help=_("a superuser's connection to the office database (postgresql+psycopg://…)"),
    )
    setup.add_argument(
        "--role-prefix",
        metavar="PREFIX",
        help=_("the start of every role name (default: cc_ and the database name)"),
    )
    setup.set_defaults(handler=run_setup)


def run_setup(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.server_setup import setup_server
    from chainchief.store.db import database_url

    result = setup_server(database_url(args.superuser_url), prefix=args.role_prefix)
    roles = result.roles
    ctx.print(
        _("{database} is set up: schema {revision}, owned by {owner}.").format(
            database=result.database, revision=result.to_revision, owner=roles.owner
        )
    )
    ctx.print(_("Group roles: {groups}").format(groups=", ".join(roles.groups)))
    ctx.print(
        _("Users sign in as their own login roles ({example}).").format(
            example=roles.login(_("NAME"))
        )
    )
    return 0
