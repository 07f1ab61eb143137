"""The engine factory: one code path for SQLite files and PostgreSQL.

Nothing here runs at import time; the composition root calls `create_engine` once at start-up
and disposes the engine at shutdown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

from storage import sqlite_connection

__all__ = ["READ_ONLY", "WRITER_WAIT", "create_engine", "create_session_factory", "writers_queue"]

# The execution options of a connection that only reads: on SQLite it begins a deferred
# transaction (no write lock, so it never waits for a writer nor holds one up); on PostgreSQL
# a READ ONLY one. `UnitOfWork(..., read_only=True)` sets them.
READ_ONLY: Mapping[str, Any] = {"samenbot_read_only": True, "postgresql_readonly": True}

# How long a writer waits for its turn before it fails: SQLite's busy_timeout for writers of
# other processes, the writers queue for those of this process.
WRITER_WAIT = 30.0

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={int(WRITER_WAIT * 1000)}",
    "PRAGMA synchronous=NORMAL",
)


def create_engine(
    url: str, *, echo: bool = False, connect_args: Mapping[str, Any] | None = None
) -> AsyncEngine:
    """An async engine for `sqlite+aiosqlite:///path` or `postgresql+asyncpg://…`.

    `connect_args` go to the driver unchanged (tests use them to pick a PostgreSQL schema).
    """
    connect_args = dict(connect_args or {})
    sqlite = make_url(url).get_backend_name() == "sqlite"
    if sqlite:
        # SQLAlchemy's aiosqlite dialect opens its connections with this instead of
        # `aiosqlite.connect`, with the same arguments.
        connect_args.setdefault("async_creator_fn", sqlite_connection.connect)
    engine = _create_async_engine(url, echo=echo, connect_args=connect_args)
    if sqlite:
        _serialise_sqlite_writers(engine)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: callers render them once the unit of work is closed.
    return async_sessionmaker(engine, expire_on_commit=False)


def _serialise_sqlite_writers(engine: AsyncEngine) -> None:
    """Make concurrent SQLite writers queue instead of failing with "database is locked".

    pysqlite opens transactions lazily with a plain (deferred) BEGIN. Two deferred transactions
    that both read and then write deadlock: SQLite cannot upgrade either read lock and answers
    SQLITE_BUSY at once, without waiting for busy_timeout. Taking the write lock up front with
    BEGIN IMMEDIATE makes every transaction wait its turn (up to busy_timeout) instead.
    The price: one transaction at a time, so keep units of work short and never hold one open
    across a network call. WAL lets readers carry on meanwhile: a unit of work that only reads
    (`READ_ONLY` execution options) begins a deferred transaction, which reads a snapshot and
    never takes the write lock.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Stop the driver from emitting its own BEGIN; `_on_begin` does it instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in _SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("samenbot_read_only"):
            connection.exec_driver_sql("BEGIN DEFERRED")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


# One queue of writers per SQLite engine and event loop: see `writers_queue`.
_WRITERS: WeakKeyDictionary[Engine, dict[asyncio.AbstractEventLoop, asyncio.Lock]] = (
    WeakKeyDictionary()
)


def writers_queue(session_factory: async_sessionmaker[AsyncSession]) -> asyncio.Lock | None:
    """The lock a writing unit of work of this process holds on SQLite; None elsewhere.

    BEGIN IMMEDIATE already lets one writer in at a time, but the others then wait in SQLite's
    busy handler, which sleeps and polls (up to 100 ms a turn): under a burst of answers a
    writer often sleeps long after the lock came free. Queueing the writers of this process
    on an asyncio lock hands the database over the moment it is free, in arrival order, and
    keeps the waiting tasks off the connection pool. Other processes still meet
    `busy_timeout`; a writer of this process waits as long (`WRITER_WAIT`) and then fails,
    as it would in SQLite.
    """
    bind = session_factory.kw.get("bind")
    if bind is None or bind.dialect.name != "sqlite":
        return None
    per_loop = _WRITERS.setdefault(bind.sync_engine, {})
    loop = asyncio.get_running_loop()
    lock = per_loop.get(loop)
    if lock is None:
        for closed in [other for other in per_loop if other.is_closed()]:
            del per_loop[closed]
        lock = per_loop[loop] = asyncio.Lock()
    return lock
