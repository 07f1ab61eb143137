"""aiosqlite with one trip to the connection's thread per statement.

aiosqlite runs every call of a connection on that connection's own thread, and SQLAlchemy's
adapter makes four such calls per statement: open a cursor, execute, fetch the rows, close the
cursor. Each trip costs a queue hand-over, a thread wake-up and an event-loop wake-up — forty
times what SQLite itself spends on a simple statement. Here a statement runs and its first
rows are fetched in the same trip; opening and closing a cursor (no I/O) happen in place.
Everything else (connect, commit, rollback, close) is aiosqlite's own.

`storage.database.create_engine` hands `connect` to SQLAlchemy's aiosqlite dialect, which
calls it with the arguments it would give `aiosqlite.connect`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite
from aiosqlite.context import contextmanager

__all__ = ["connect"]

# Rows fetched with the statement; a larger result (a `stream`ed copy) is fetched on demand.
PREFETCH = 256


def connect(database: str | Path, **kwargs: Any) -> aiosqlite.Connection:
    """An aiosqlite connection (not yet opened: SQLAlchemy awaits it) whose cursors take one
    trip per statement. The sqlite3 connection is used from two threads, never at once."""
    connection = _Connection(
        partial(sqlite3.connect, str(database), **{**kwargs, "check_same_thread": False}),
        iter_chunk_size=64,
    )
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own connections
    return connection


class _Connection(aiosqlite.Connection):
    @contextmanager
    async def cursor(self) -> aiosqlite.Cursor:
        return _Cursor(self, self._conn.cursor())


def _execute(cursor: sqlite3.Cursor, sql: str, parameters: Any) -> list:
    cursor.execute(sql, parameters)
    return cursor.fetchmany(PREFETCH) if cursor.description else []


class _Cursor(aiosqlite.Cursor):
    _fetched: list = []  # noqa: RUF012 - replaced, never changed in place
    _more = False  # rows beyond `_fetched` may wait in the sqlite3 cursor

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> _Cursor:
        fetched = await self._execute(_execute, self._cursor, sql, parameters or ())
        self._fetched, self._more = fetched, len(fetched) == PREFETCH
        return self

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> _Cursor:
        self._fetched, self._more = [], False
        return await super().executemany(sql, parameters)

    async def fetchone(self) -> Any:
        rows = await self.fetchmany(1)
        return rows[0] if rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        size = self._cursor.arraysize if size is None else size
        if len(self._fetched) < size and self._more:
            wanted = size - len(self._fetched)
            more = await self._execute(self._cursor.fetchmany, wanted)
            self._fetched, self._more = [*self._fetched, *more], len(more) == wanted
        rows, self._fetched = self._fetched[:size], self._fetched[size:]
        return rows

    async def fetchall(self) -> Sequence[Any]:
        rows, self._fetched = self._fetched, []
        if self._more:
            self._more = False
            rows = [*rows, *await self._execute(self._cursor.fetchall)]
        return rows

    async def close(self) -> None:
        """Queued on the connection's thread without waiting: it runs before whatever the
        connection does next, and after a statement still running there (a cancelled one)."""
        self._fetched, self._more = [], False
        self._conn._tx.put_nowait((None, self._cursor.close))
