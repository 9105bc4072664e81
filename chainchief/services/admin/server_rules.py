"""What each table lets each server role do: the application's permissions, per table.

``server setup`` turns this into grants and row-level security on PostgreSQL, so the server
refuses what the services refuse (``permissions.GRANTS``) even to a user who connects with psql.
Every table of the models has exactly one rule (a test holds ``TABLE_RULES`` to the metadata):
a table added later without a rule makes ``server setup`` stop rather than leave it open.

``chain`` is the SQL condition, on the table's own row, that the row belongs to one of the
signed-in user's chains (``chainchief_my_chains()``); a table with one is chain-scoped and gets
row-level security. ``readers`` names the permission needed to read the table at all (None:
everyone signed in may read it, as every role sees every chain in the app).
"""

from __future__ import annotations

from dataclasses import dataclass

from chainchief.services.admin.permissions import Permission

MY_CHAINS = "(SELECT public.chainchief_my_chains())"
MY_FIRMS = (
    "(SELECT m.firm_id FROM public.memberships m JOIN public.segments s ON s.id = m.segment_id"
    f" WHERE s.chain_id IN {MY_CHAINS})"
)


@dataclass(frozen=True)
class TableRule:
    write: Permission
    """The permission that lets a role insert, update and delete rows."""
    chain: str | None = None
    """The row's chain condition; None: the table is not chain-scoped."""
    readers: Permission | None = None
    audited: bool = True
    """Row changes are written to the audit log by the server's trigger."""


def _by_chain(column: str = "chain_id") -> str:
    return f"{column} IN {MY_CHAINS}"


def _through(column: str, table: str) -> str:
    return f"{column} IN (SELECT id FROM public.{table} WHERE chain_id IN {MY_CHAINS})"


_BY_SEGMENT = _through("segment_id", "segments")
_BY_MEETING = _through("meeting_id", "meetings")
_BY_ACTION = _through("action_id", "action_items")
_BY_FIRM = f"firm_id IN {MY_FIRMS}"

TABLE_RULES: dict[str, TableRule] = {
    # The chains themselves and what hangs on their map: the leads' work (EDIT_CHAIN).
    "chains": TableRule(Permission.EDIT_CHAIN, _by_chain("id")),
    "chain_members": TableRule(Permission.EDIT_CHAIN, _by_chain()),
    "chain_supporting_departments": TableRule(Permission.EDIT_CHAIN, _by_chain()),
    "segments": TableRule(Permission.EDIT_CHAIN, _by_chain()),
    "links": TableRule(Permission.EDIT_CHAIN, _by_chain()),
    "meetings": TableRule(Permission.EDIT_CHAIN, _by_chain()),
    "meeting_attendees": TableRule(Permission.EDIT_CHAIN, _BY_MEETING),
    "agenda_entries": TableRule(Permission.EDIT_CHAIN, _BY_MEETING),
    # Firms, targets, projects and action items of the chains: members' work (EDIT_WORK).
    "firms": TableRule(
        Permission.EDIT_WORK,
        f"id IN {MY_FIRMS} OR (pg_has_role('{{lead}}', 'MEMBER') AND NOT EXISTS "
        "(SELECT 1 FROM public.memberships m WHERE m.firm_id = firms.id))",
    ),
    "memberships": TableRule(Permission.EDIT_WORK, _BY_SEGMENT),
    "targets": TableRule(Permission.EDIT_WORK, _BY_SEGMENT),
    "stage_changes": TableRule(
        Permission.EDIT_WORK,
        "target_id IN (SELECT t.id FROM public.targets t JOIN public.segments s "
        f"ON s.id = t.segment_id WHERE s.chain_id IN {MY_CHAINS})",
    ),
    "projects": TableRule(Permission.EDIT_WORK, _by_chain()),
    "indicators": TableRule(Permission.EDIT_WORK, _by_chain()),
    "action_items": TableRule(Permission.EDIT_WORK, _by_chain()),
    "progress_notes": TableRule(Permission.EDIT_WORK, _BY_ACTION),
    "action_steps": TableRule(Permission.EDIT_WORK, _BY_ACTION),
    "action_extensions": TableRule(Permission.EDIT_WORK, _BY_ACTION),
    "firm_figures": TableRule(Permission.EDIT_WORK, _BY_FIRM),
    "cultivated_firms": TableRule(Permission.EDIT_WORK, _BY_FIRM),
    "visits": TableRule(Permission.EDIT_WORK, _BY_FIRM),
    "visit_visitors": TableRule(
        Permission.EDIT_WORK, f"visit_id IN (SELECT id FROM public.visits WHERE {_BY_FIRM})"
    ),
    # The directory of people and departments is shared by every chain's work.
    "departments": TableRule(Permission.EDIT_WORK),
    "people": TableRule(Permission.EDIT_WORK),
    "unavailable_days": TableRule(Permission.EDIT_WORK),
    # Fill-in packs: collected and merged by leads and admins; the signing secret stays theirs.
    "feedback_keys": TableRule(Permission.SUPERVISE, readers=Permission.SUPERVISE, audited=False),
    "feedback_packs": TableRule(Permission.SUPERVISE),
    "feedback_merges": TableRule(Permission.SUPERVISE),
    # The zone's shared registers, settings and accounts: administrators only.
    "issued_documents": TableRule(Permission.ADMINISTER),
    "holidays": TableRule(Permission.ADMINISTER),
    "settings": TableRule(Permission.ADMINISTER),
    "users": TableRule(Permission.ADMINISTER),
    "user_chains": TableRule(Permission.ADMINISTER),
    # The log itself: read by all, written by the trigger, changed by nobody but the owner.
    "audit_log": TableRule(Permission.ADMINISTER, audited=False),
    # Snapshots of each chain: the first write of a quarter, by whoever makes it, files the
    # closing state of every chain, so any writer inserts them for any chain.
    "chain_snapshots": TableRule(Permission.EDIT_WORK, audited=False),
}

READ_ONLY_TABLES = frozenset({"audit_log"})
"""Tables no group writes, whatever the rule's permission (the trigger writes the log)."""

APPEND_ONLY_TABLES = frozenset({"chain_snapshots"})
"""Tables whose rows nobody changes: writers only insert, and administrators may delete, since a
restore replaces them with the backup's."""

IGNORED_COLUMNS = (
    "version",
    "created_at",
    "updated_at",
    "updated_by",
    "updated_session",
    "password_hash",
)
"""Columns the audit trigger leaves out of an entry's changes: bookkeeping, and no secrets."""
