"""``chainchief settings list|set``: the shared settings every user sees."""

from __future__ import annotations

import argparse
from typing import Any

from chainchief.cli.context import CliContext
from chainchief.domain.textwidth import pad
from chainchief.i18n import _


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    settings = subparsers.add_parser("settings", parents=[common], help=_("shared settings"))
    actions = settings.add_subparsers(dest="settings_command", required=True, metavar=_("ACTION"))
    listing = actions.add_parser("list", parents=[common], help=_("show every shared setting"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_list)
    change = actions.add_parser("set", parents=[common], help=_("change a shared setting"))
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(handler=run_set)


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.settings import SPECS, all_settings

    values = all_settings(ctx.db)
    if args.json:
        ctx.print_json(values)
        return 0
    width = max(len(key) for key in values)
    value_width = max(len(value) for value in values.values()) + 2
    for key, value in values.items():
        ctx.print(f"{key.ljust(width)}  {pad(value, value_width)}{SPECS[key].setting.description}")
    return 0


def run_set(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.services.admin.settings import set_setting

    stored = set_setting(ctx.db, args.key, args.value, actor=ctx.actor)
    ctx.print(_("{key} = {value}").format(key=args.key, value=stored))
    return 0
