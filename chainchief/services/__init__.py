"""Use cases (DESIGN.md §2): one short transaction each, with the permission check and the audit.

By subject, each package's ``__init__`` naming its use cases:
``chains`` (graphs, gaps, the map, details, pins, editing, roles), ``firms`` (ledger,
memberships, targets, projects), ``directory`` (people, departments), ``meetings`` (plan, rules,
meetings, agenda, pack), ``actions``, ``indicators``, ``workbooks`` (import, export, demo) and
``admin`` (users, permissions, audit, backups, portable, migrate_db, settings, stats) and
``foresight`` (whatif scenarios, targets ranked by value, departure risks, the chief's brief).
``kernel`` holds the steps they share for finding, writing and removing rows.
"""
