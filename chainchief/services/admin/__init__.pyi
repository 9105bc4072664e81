from .accounts import users_exist
from .audit import AuditFilter, AuditRow, audit_entries, audit_facets
from .backups import RestoreResult, backup_before, backup_database, restore_database
from .migrate_db import MigrationResult, migrate_database
from .permissions import Permission, PermissionDenied, check, require
from .portable import load_portable, read_portable, write_portable
from .server_setup import ServerRoles, SetupResult, setup_server
from .settings import all_settings, check_setting, read_settings, set_setting
from .stats import is_empty, row_counts
from .users import (
    AuthenticationFailed,
    UserRow,
    add_user,
    authenticate,
    change_password,
    delete_user,
    list_users,
    server_user,
    set_chains,
    set_role,
)

__all__ = [
    "AuditFilter",
    "AuditRow",
    "AuthenticationFailed",
    "MigrationResult",
    "Permission",
    "PermissionDenied",
    "RestoreResult",
    "ServerRoles",
    "SetupResult",
    "UserRow",
    "add_user",
    "all_settings",
    "audit_entries",
    "audit_facets",
    "authenticate",
    "backup_before",
    "backup_database",
    "change_password",
    "check",
    "check_setting",
    "delete_user",
    "is_empty",
    "list_users",
    "load_portable",
    "migrate_database",
    "read_portable",
    "read_settings",
    "require",
    "restore_database",
    "row_counts",
    "server_user",
    "set_chains",
    "set_role",
    "set_setting",
    "setup_server",
    "users_exist",
    "write_portable",
]
