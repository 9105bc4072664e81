"""The command line's start-up budget (issue 24), read off ``python -X importtime``.

``--version`` may import only the standard library and the few modules of ours that answer it;
``--help`` and a read-only command must not pull in the libraries that only some commands need.
A new top-level import in a command module shows up here before it shows up as a slow start.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Answering --version needs these of ours and nothing else outside the standard library.
VERSION_MODULES = {
    "chainchief",
    "chainchief.cli",
    "chainchief.domain",
    "chainchief.domain.errors",
    "chainchief.i18n",
    "chainchief.startup",
}
# Put there by the interpreter's site set-up, not by us: editable installs, setuptools' shim,
# and ``copy``'s probe for Jython's ``org.python.core`` (importtime lists failed imports too).
SITE_MODULES = ("_distutils_hack", "__editable__", "_sysconfigdata", "sitecustomize", "org")
# Libraries that only some commands need (DESIGN.md §2, issue 24).
HEAVY = {
    "PySide6",
    "alembic",
    "babel",
    "icalendar",
    "lxml",
    "networkx",
    "numpy",
    "openpyxl",
    "sqlalchemy",
    "stdnum",
}


def imported_modules(*arguments: str, tmp_path: Path) -> list[str]:
    """Every module ``python -X importtime -m chainchief ARGS`` imports, in order."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", HOME=str(tmp_path))
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "chainchief", *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    return [
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line and "package" not in line
    ]


def is_site_module(name: str) -> bool:
    return name.startswith(SITE_MODULES)


def test_version_imports_only_the_standard_library(tmp_path: Path) -> None:
    modules = imported_modules("--version", tmp_path=tmp_path)
    assert "chainchief.cli" in modules  # the measurement saw our entry point
    outside = [
        name
        for name in modules
        if name.split(".")[0] not in sys.stdlib_module_names
        and name not in VERSION_MODULES
        and not is_site_module(name)
    ]
    assert outside == []


@pytest.mark.parametrize("arguments", [("--help",), ("stats", "--help"), ("sheet", "--help")])
def test_help_loads_no_library_that_only_some_commands_need(
    arguments: tuple[str, ...], tmp_path: Path
) -> None:
    modules = imported_modules(*arguments, tmp_path=tmp_path)
    assert "chainchief.cli" in modules
    assert sorted({name.split(".")[0] for name in modules} & HEAVY) == []


def test_stats_loads_the_database_but_no_file_or_ui_library(tmp_path: Path) -> None:
    database = tmp_path / "office.db"
    imported_modules("--db", str(database), "stats", "--json", tmp_path=tmp_path)  # creates it
    modules = imported_modules("--db", str(database), "stats", "--json", tmp_path=tmp_path)
    top = {name.split(".")[0] for name in modules}
    assert "sqlalchemy" in top
    assert sorted(top & (HEAVY - {"sqlalchemy"})) == []
    # Once the file passed the checks on open (the run above), counting needs no ORM.
    modules = imported_modules("--db", str(database), "stats", "--json", tmp_path=tmp_path)
    assert "sqlalchemy.orm" not in modules


def test_a_command_on_sqlite_loads_no_postgresql_dialect(tmp_path: Path) -> None:
    """The models map without SQLAlchemy's PostgreSQL dialect (``partial_unique_index``)."""
    database = tmp_path / "office.db"
    imported_modules("--db", str(database), "stats", "--json", tmp_path=tmp_path)  # creates it
    modules = imported_modules("--db", str(database), "actions", tmp_path=tmp_path)
    assert "chainchief.store.models" in modules
    assert [name for name in modules if "postgresql" in name or "psycopg" in name] == []


def test_drawing_a_chain_maps_no_model(demo_db_path: Path, tmp_path: Path) -> None:
    """A chain's map is read through ``store.plain_tables`` in ``Database.reading``; once the
    file passed the checks on open, drawing it (here as GraphML, without Qt) loads neither the
    models nor the ORM."""
    line = ("--db", str(demo_db_path), "render", "--chain", "集成电路", "-o", "map.graphml")
    imported_modules(*line, tmp_path=tmp_path)  # checks the file and remembers it
    modules = imported_modules(*line, tmp_path=tmp_path)
    assert "chainchief.services.chains.graphs" in modules
    assert "chainchief.store.models" not in modules
    assert "sqlalchemy.orm" not in modules
