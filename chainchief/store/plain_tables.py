"""Columns read without the mapped models, as plain table clauses: the reads that must start fast.

Mapping the models costs a process some 0.12 s and configuring their relationships 0.03 s more,
while drawing one chain (``chainchief render``), listing the chains, or telling whether the file
has accounts (the window's first screen) reads a few columns of a few tables and needs nothing
else of the models. These clauses name just those columns, typed as the models type them (so a
flag reads back as a bool, not 0 or 1); a test keeps every name and type equal to the models'.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, String, column, table

chains = table(
    "chains",
    column("id", Integer),
    column("name", String),
    column("min_local_firms", Integer),
    column("chief_id", Integer),
    column("team_lead_id", Integer),
)
people = table("people", column("id", Integer), column("name", String))
segments = table(
    "segments",
    column("id", Integer),
    column("chain_id", Integer),
    column("name", String),
    column("tier", String),
    column("is_key", Boolean),
    column("pin_x", Float),
    column("pin_y", Float),
)
links = table(
    "links",
    column("id", Integer),
    column("chain_id", Integer),
    column("upstream_id", Integer),
    column("downstream_id", Integer),
)
firms = table("firms", column("id", Integer), column("location", String))
memberships = table(
    "memberships",
    column("segment_id", Integer),
    column("firm_id", Integer),
    column("role", String),
)
targets = table(
    "targets",
    column("id", Integer),
    column("segment_id", Integer),
    column("firm_name", String),
    column("stage", String),
    column("owner_id", Integer),
)
users = table("users", column("id", Integer))
