"""The handle on an open database that the window holds and hands to every use case.

The ui names the database only through this module, so it depends on services alone
(DESIGN.md §2) and an import-linter contract can forbid it the store: each use case it calls
takes the workspace and runs its own short transaction. The handle is the store's
``Database`` itself — wrapping it would add a layer of forwarding and no behaviour.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

from chainchief.store.db import Database, open_database

Workspace: TypeAlias = Database


def open_workspace(target: str | Path | None = None) -> Workspace:
    """Open (creating when new), check and migrate a database file or URL, as the CLI does.

    Raises the store's typed errors (damaged, foreign schema, read-only, locked), each a
    ``UserError`` with a message for the person.
    """
    return open_database(target)
