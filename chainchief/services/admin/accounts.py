"""Whether the database has accounts, read without the mapped models.

The window asks before its first paint (a file with accounts opens on the sign-in dialog), and
the mapped models cost a start some 0.15 s that nothing else before that paint needs.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from chainchief.store.db import Database
from chainchief.store.plain_tables import users


def users_exist(db: Database) -> bool:
    with db.reading() as connection:
        return bool(connection.scalar(select(exists().where(users.c.id.is_not(None)))))
