"""The ``chainchief`` command: sub-commands for every job, the GUI when none is given.

Global options (``--db``, ``--lang``, ``--user``) are accepted anywhere on the line. Every
``UserError`` becomes its message on stderr and exit 2; anything unexpected becomes one line
naming the log file and exit 1 — a traceback never reaches the user (DESIGN.md §3).

Start-up budget (issue 24): ``--version`` answers before anything but the standard library is
imported, and the command modules import their services inside their handlers, so ``--help``
loads no database or file library and each command loads only what it uses.
``tests/unit/test_cli_imports.py`` holds both to an allow-list.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from chainchief import __version__
from chainchief.domain.errors import UserError
from chainchief.i18n import _, set_language

log = logging.getLogger(__name__)
VERSION_LINE = f"chainchief {__version__}"

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "chainchief.cli.data": ("demo", "stats"),
    "chainchief.cli.exchange": ("template", "import", "export"),
    "chainchief.cli.gaps": ("gaps",),
    "chainchief.cli.history": ("snapshot", "changes"),
    "chainchief.cli.whatif": ("whatif",),
    "chainchief.cli.targets": ("targets",),
    "chainchief.cli.schedule": ("schedule",),
    "chainchief.cli.pack": ("sheet", "ics"),
    "chainchief.cli.render": ("render",),
    "chainchief.cli.brief": ("brief",),
    "chainchief.cli.actions": ("actions",),
    "chainchief.cli.supervision": ("scores", "circular", "notice", "collect", "collect-merge"),
    "chainchief.cli.settings": ("settings",),
    "chainchief.cli.users": ("user",),
    "chainchief.cli.audit": ("audit",),
    "chainchief.cli.backup": ("backup", "restore"),
    "chainchief.cli.migrate_db": ("migrate-db",),
    "chainchief.cli.server": ("server",),
}
"""Each command module and the commands it registers, in the order ``--help`` lists them. A
line naming one of these commands registers only its module (``build_parser``); a test keeps
the names equal to what the modules register."""

VALUED_GLOBALS = frozenset({"--db", "--lang", "--user"})
"""The global options whose value is the next argument."""

OUTPUT_OPTIONS = ("out", "output")
"""The argparse destinations that name a file a command writes."""


def _global_options(*, suppress: bool) -> argparse.ArgumentParser:
    """The options every sub-command accepts too; sub-parsers must not reset main's values."""
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", default=default, metavar="PATH_OR_URL", help=_("database file or SQLAlchemy URL")
    )
    common.add_argument(
        "--lang", default=default, choices=["zh_CN", "en"], help=_("language of messages")
    )
    common.add_argument("--user", default=default, metavar="NAME", help=_("user name"))
    return common


def named_command(arguments: Sequence[str]) -> str | None:
    """The command a line names, read before parsing; None when it names none, or asks for
    the general help first (which lists every command)."""
    values = iter(arguments)
    for argument in values:
        if argument in ("-h", "--help"):
            return None
        if argument in VALUED_GLOBALS:
            next(values, None)
        elif not argument.startswith("-"):
            return argument
    return None


def build_parser(arguments: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser of ``arguments``: with only the module of the command they name, when it is
    one of ours (importing and registering all 18 modules costs every command ~0.04 s),
    otherwise with every command."""
    parser = argparse.ArgumentParser(
        prog="chainchief",
        description=_("ChainChief: the workbench of the industrial-chain chief system."),
        parents=[_global_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=VERSION_LINE)
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    common = _global_options(suppress=True)
    command = named_command(arguments)
    modules = [module for module, names in COMMAND_MODULES.items() if command in names]
    for name in modules or COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


def _language_from(argv: Sequence[str]) -> str | None:
    """--lang read before parsing, so that help and parse errors are already translated."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    from chainchief.preferences import load_preferences

    return load_preferences().language


def _gui_options(arguments: Sequence[str]) -> argparse.Namespace | None:
    """The global options when the line names no command, i.e. the GUI is wanted.

    Parsed without loading the command modules, which would only slow the GUI's start.
    """
    parser = argparse.ArgumentParser(
        add_help=False, parents=[_global_options(suppress=False)], exit_on_error=False
    )
    try:
        args, rest = parser.parse_known_args(arguments)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def run(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:
        print(VERSION_LINE)
        return 0
    set_language(_language_from(arguments))
    from chainchief.cli.context import CliContext, CommandFailed
    from chainchief.logs import configure_logging

    log_file = configure_logging()
    try:
        gui = _gui_options(arguments)
        if gui is not None:
            from chainchief import app

            return app.run_gui(db=gui.db, lang=gui.lang)
        args = build_parser(arguments).parse_args(arguments)
        if args.command is None:
            from chainchief import app

            return app.run_gui(db=args.db, lang=args.lang)
        with CliContext(db_target=args.db, user=args.user) as context:
            _check_outputs(args)
            return int(args.handler(args, context) or 0)
    except UserError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return 2
    except CommandFailed as failure:
        return failure.code
    except BrokenPipeError:
        # The reader stopped early (``chainchief stats | head``): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(_("Interrupted; nothing was changed by the unfinished step."), file=sys.stderr)
        return 2
    except Exception:
        log.exception("unexpected error running %s", arguments)
        print(
            _("Unexpected error; details were written to {log}").format(log=log_file),
            file=sys.stderr,
        )
        return 1


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse a protected output before any work, so a refused command writes nothing;
    ``atomic_path`` checks again when it writes."""
    from chainchief import write_guard

    for name in OUTPUT_OPTIONS:
        value = getattr(args, name, None)
        if value:
            write_guard.check(value)


def main() -> None:
    code = run()
    # What the command allocated lives until the process ends: frozen, it is spared the full
    # collections of the interpreter's shutdown, which walk every object of SQLAlchemy, the
    # models and Qt only to free nothing (0.1–0.2 s of every command).
    gc.freeze()
    sys.exit(code)
