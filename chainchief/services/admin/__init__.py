"""Running the office's database: users and permissions, the audit log, backups, moving between
engines, shared settings and row counts.

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""

from chainchief.services.admin.audit import AuditFilter, AuditRow, audit_entries, audit_facets
from chainchief.services.admin.backups import RestoreResult, backup_database, restore_database
from chainchief.services.admin.migrate_db import MigrationResult, migrate_database
from chainchief.services.admin.permissions import Permission, PermissionDenied, check, require
from chainchief.services.admin.portable import load_portable, read_portable, write_portable
from chainchief.services.admin.settings import all_settings, read_settings, set_setting
from chainchief.services.admin.stats import is_empty, row_counts
from chainchief.services.admin.users import (
    AuthenticationFailed,
    UserRow,
    add_user,
    authenticate,
    change_password,
    list_users,
    set_chains,
    users_exist,
)

__all__ = [
    "AuditFilter",
    "AuditRow",
    "AuthenticationFailed",
    "MigrationResult",
    "Permission",
    "PermissionDenied",
    "RestoreResult",
    "UserRow",
    "add_user",
    "all_settings",
    "audit_entries",
    "audit_facets",
    "authenticate",
    "backup_database",
    "change_password",
    "check",
    "is_empty",
    "list_users",
    "load_portable",
    "migrate_database",
    "read_portable",
    "read_settings",
    "require",
    "restore_database",
    "row_counts",
    "set_chains",
    "set_setting",
    "users_exist",
    "write_portable",
]
