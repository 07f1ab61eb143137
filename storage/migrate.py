"""Bring a database to the newest schema, from code: no alembic.ini needed at runtime.

    await upgrade_database("sqlite+aiosqlite:///samenbot.db")

or from a shell:

    alembic -c storage/alembic.ini -x url=sqlite+aiosqlite:///samenbot.db upgrade head
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine

__all__ = ["alembic_config", "current_revision", "head_revision", "upgrade_database"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Any fixed number: bot instances starting together on one PostgreSQL take turns migrating.
_MIGRATION_LOCK = 7_466_401


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade_database(target: str | AsyncEngine, revision: str = "head") -> None:
    """Run Alembic `upgrade` on a URL or an existing engine; safe to call on every start."""
    engine = create_engine(target) if isinstance(target, str) else target
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, revision)
    finally:
        if isinstance(target, str):
            await engine.dispose()


async def current_revision(target: str | AsyncEngine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    engine = create_engine(target) if isinstance(target, str) else target
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        if isinstance(target, str):
            await engine.dispose()


def _upgrade(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
