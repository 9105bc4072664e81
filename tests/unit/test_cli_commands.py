"""A command line registers only the module of the command it names (start-up, issue 24), so
the table of which module registers which command must stay true, and a line must parse the
same with that one module as with all of them."""

from __future__ import annotations

import argparse
import importlib

import pytest

from chainchief.cli import COMMAND_MODULES, _global_options, build_parser, named_command


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("module", list(COMMAND_MODULES))
def test_each_module_registers_the_commands_the_table_names(module: str) -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    importlib.import_module(module).register(subparsers, _global_options(suppress=True))
    assert tuple(subparsers.choices) == COMMAND_MODULES[module]


def test_a_line_without_a_command_of_ours_gets_every_command() -> None:
    every = [name for names in COMMAND_MODULES.values() for name in names]
    for line in ([], ["--help"], ["--db", "x.db", "-h", "stats"], ["nonsense"]):
        assert list(_subcommands(build_parser(line))) == every


@pytest.mark.parametrize(
    ("line", "command"),
    [
        (["stats", "--json"], "stats"),
        (["--db", "stats", "render", "--chain", "x"], "render"),
        (["--lang", "en", "--user", "li", "user", "list"], "user"),
        (["--db=office.db", "sheet", "--quarter", "2027Q1"], "sheet"),
        (["--db", "x.db"], None),
        (["--help", "stats"], None),
    ],
)
def test_the_named_command_is_read_past_the_global_options(
    line: list[str], command: str | None
) -> None:
    assert named_command(line) == command


@pytest.mark.parametrize(
    "line",
    [
        ["--db", "office.db", "stats", "--json"],
        ["render", "--chain", "集成电路", "-o", "map.png", "--lang", "en"],
        ["--user", "li", "user", "add", "wang", "--role", "admin"],
        ["scores", "--quarter", "2027Q1", "--db", "office.db"],
    ],
)
def test_a_line_parses_alike_with_its_module_alone_and_with_all(line: list[str]) -> None:
    command = named_command(line)
    assert command is not None
    alone, full = build_parser(line), build_parser()
    assert list(_subcommands(alone)) == [
        name for names in COMMAND_MODULES.values() if command in names for name in names
    ]
    assert alone.parse_args(line) == full.parse_args(line)
    assert _subcommands(alone)[command].format_help() == _subcommands(full)[command].format_help()
