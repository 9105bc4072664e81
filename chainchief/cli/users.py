"""``chainchief user add|list|passwd|chains|role|delete``: the accounts of a shared database.

A new password is read from ``CHAINCHIEF_NEW_PASSWORD`` or asked for twice at a terminal. The
first admin, made on a database without users, may take it from ``CHAINCHIEF_PASSWORD`` too —
that is the password they will sign in with.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from chainchief.cli.context import PASSWORD_VARIABLE, CliContext
from chainchief.domain.enums import UserRole
from chainchief.domain.errors import UserError
from chainchief.domain.textwidth import display_width, pad
from chainchief.i18n import _

NEW_PASSWORD_VARIABLE = "CHAINCHIEF_NEW_PASSWORD"


def _role(text: str) -> UserRole:
    role = UserRole.parse(text)
    if role is None:
        raise argparse.ArgumentTypeError(
            _("unknown role {role}; choose one of {roles}").format(
                role=text, roles=", ".join(member.value for member in UserRole)
            )
        )
    return role  # type: ignore[return-value]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    user = subparsers.add_parser("user", parents=[common], help=_("user accounts and roles"))
    actions = user.add_subparsers(dest="user_command", required=True, metavar=_("ACTION"))
    add = actions.add_parser("add", parents=[common], help=_("add a user"))
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--role",
        required=True,
        type=_role,
        metavar="ROLE",
        help=_("admin, lead, member or viewer"),
    )
    add.add_argument(
        "--chain",
        action="append",
        default=[],
        metavar="CHAIN",
        help=_("a chain a lead or member works on (repeat for several)"),
    )
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", parents=[common], help=_("list the users"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_list)
    passwd = actions.add_parser("passwd", parents=[common], help=_("set a user's password"))
    passwd.add_argument("name", metavar="NAME")
    passwd.set_defaults(handler=run_passwd)
    chains = actions.add_parser(
        "chains", parents=[common], help=_("set the chains of a lead or member")
    )
    chains.add_argument("name", metavar="NAME")
    chains.add_argument(
        "--chain",
        action="append",
        default=[],
        metavar="CHAIN",
        help=_("a chain a lead or member works on (repeat for several)"),
    )
    chains.set_defaults(handler=run_chains)
    role = actions.add_parser("role", parents=[common], help=_("give a user another role"))
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", type=_role, metavar="ROLE", help=_("admin, lead, member or viewer"))
    role.set_defaults(handler=run_role)
    remove = actions.add_parser("delete", parents=[common], help=_("remove a user"))
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=run_delete)


def new_password(name: str, *, first_user: bool) -> str:
    """The new password of ``name`` from the environment or typed twice at a terminal."""
    given = os.environ.get(NEW_PASSWORD_VARIABLE)
    if given is None and first_user:
        given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UserError(
            _("No new password for {user}: set {variable} or run at a terminal.").format(
                user=name, variable=NEW_PASSWORD_VARIABLE
            )
        )
    first = getpass.getpass(_("New password for {user}: ").format(user=name))
    again = getpass.getpass(_("Repeat the new password: "))
    if first != again:
        raise UserError(_("The two passwords differ; nothing was changed."))
    return first


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.accounts import users_exist
    from chainchief.services.admin.users import add_user

    first_user = not users_exist(ctx.db)
    actor = ctx.actor
    password = new_password(args.name, first_user=first_user)
    row = add_user(ctx.db, args.name, args.role, password, actor=actor, chains=args.chain)
    ctx.print(
        _("User {user} added as {role}.").format(user=row.name, role=row.role.label)
        + (" " + _("Chains: {chains}").format(chains="、".join(row.chains)) if row.chains else "")
    )
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.users import list_users

    rows = list_users(ctx.db, actor=ctx.actor)
    if args.json:
        ctx.print_json(
            {
                "users": [
                    {"name": row.name, "role": row.role.value, "chains": list(row.chains)}
                    for row in rows
                ]
            }
        )
        return 0
    if not rows:
        ctx.print(_("No users: the database is used by one person, as the OS user."))
        return 0
    header = [_("User"), _("Role"), _("Chains")]
    table = [[row.name, row.role.label, "、".join(row.chains)] for row in rows]
    widths = [max(display_width(cells[i]) for cells in [header, *table]) for i in range(3)]
    for cells in [header, *table]:
        ctx.print("  ".join(pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return 0


def run_chains(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.users import set_chains

    set_chains(ctx.db, args.name, args.chain, actor=ctx.actor)
    ctx.print(
        _("{user} now works on: {chains}").format(
            user=args.name, chains="、".join(sorted(set(args.chain))) or _("(none)")
        )
    )
    return 0


def run_passwd(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.users import change_password

    actor = ctx.actor
    password = new_password(args.name, first_user=False)
    change_password(ctx.db, args.name, password, actor=actor)
    ctx.print(_("The password of {user} was changed.").format(user=args.name))
    return 0


def run_role(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.users import set_role

    set_role(ctx.db, args.name, args.role, actor=ctx.actor)
    ctx.print(_("{user} is now {role}.").format(user=args.name, role=args.role.label))
    return 0


def run_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.users import delete_user

    delete_user(ctx.db, args.name, actor=ctx.actor)
    ctx.print(_("User {user} removed.").format(user=args.name))
    return 0
