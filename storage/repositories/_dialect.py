"""The one place where repositories look at which database they talk to.

`INSERT … ON CONFLICT` is how an upsert stays correct when two tasks store the same thing at
the same moment; SQLite and PostgreSQL spell it alike, but SQLAlchemy keeps it per dialect.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["dialect_name", "upsert_insert"]


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def upsert_insert(session: AsyncSession, table: Any) -> Any:
    """An `insert(table)` that offers `on_conflict_do_nothing` / `on_conflict_do_update`."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
