"""SQLite statements take one trip to the connection's thread, and lose no row on the way."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
from sqlalchemy import text

from storage import create_engine
from storage.sqlite_connection import PREFETCH


class TripCounter:
    """Counts the calls aiosqlite runs on a connection's thread."""

    def __init__(self, monkeypatch) -> None:
        self.trips = 0
        original = aiosqlite.Connection._execute

        async def counted(connection, fn, *args, **kwargs):
            self.trips += 1
            return await original(connection, fn, *args, **kwargs)

        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)


async def test_a_statement_with_rows_is_one_trip(tmp_path: Path, monkeypatch) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    try:
        async with engine.connect() as connection:
            await connection.execute(text("CREATE TABLE numbers (n INTEGER)"))
            await connection.execute(text("INSERT INTO numbers VALUES (1), (2), (3)"))
            counter = TripCounter(monkeypatch)
            rows = (await connection.execute(text("SELECT n FROM numbers ORDER BY n"))).all()
            assert [row.n for row in rows] == [1, 2, 3]
            assert counter.trips == 1
    finally:
        await engine.dispose()


async def test_more_rows_than_fetched_at_once_all_arrive(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'many.db'}")
    count = PREFETCH * 3 + 7
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE numbers (n INTEGER)"))
            await connection.execute(
                text("INSERT INTO numbers VALUES (:n)"), [{"n": n} for n in range(count)]
            )
        async with engine.connect() as connection:
            everything = (await connection.execute(text("SELECT n FROM numbers"))).all()
            streamed = []
            result = await connection.stream(text("SELECT n FROM numbers ORDER BY n"))
            async for part in result.partitions(100):
                streamed.extend(row.n for row in part)
            one = (await connection.execute(text("SELECT max(n) FROM numbers"))).scalar_one()
        assert len(everything) == count
        assert streamed == list(range(count))
        assert one == count - 1
    finally:
        await engine.dispose()
