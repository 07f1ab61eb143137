"""Copying a whole samenbot database to another one (SQLite → PostgreSQL when a region
outgrows one process): the target gets the newest schema, then every table's rows in the
order foreign keys need, then PostgreSQL's id sequences continue after the copied ids.

    counts = await copy_database("sqlite+aiosqlite:///samenbot.db", "postgresql+asyncpg://…")
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import create_engine
from storage.migrate import current_revision, head_revision, upgrade_database
from storage.models import Base

__all__ = ["TargetNotEmpty", "copy_database"]

_BATCH = 1_000


class TargetNotEmpty(Exception):
    """The target already holds rows: copying would mix two databases."""


async def copy_database(source_url: str, target_url: str) -> dict[str, int]:
    """Copy every row; returns the row count per table (checked on both sides)."""
    source, target = create_engine(source_url), create_engine(target_url)
    try:
        if await current_revision(source) != head_revision():
            await upgrade_database(source)
        await upgrade_database(target)
        counts: dict[str, int] = {}
        async with source.connect() as reading, target.begin() as writing:
            for table in Base.metadata.sorted_tables:
                if await _count(writing, table):
                    raise TargetNotEmpty(f"table {table.name} of the target is not empty")
                result = await reading.stream(select(table))
                async for rows in result.partitions(_BATCH):
                    await writing.execute(insert(table), [dict(row._mapping) for row in rows])
                counts[table.name] = await _count(reading, table)
                copied = await _count(writing, table)
                if copied != counts[table.name]:
                    raise RuntimeError(f"{table.name}: {counts[table.name]} rows, {copied} copied")
            if writing.dialect.name == "postgresql":
                await _continue_sequences(writing)
        return counts
    finally:
        await source.dispose()
        await target.dispose()


async def _count(connection: AsyncConnection, table) -> int:
    return await connection.scalar(select(func.count()).select_from(table))


async def _continue_sequences(connection: AsyncConnection) -> None:
    """New rows get ids after the copied ones (the copy inserted ids explicitly)."""
    for table in Base.metadata.sorted_tables:
        if list(table.primary_key.columns.keys()) != ["id"]:
            continue
        await connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
