"""Real databases for storage tests: a SQLite file, and PostgreSQL when configured.

Every test gets an empty, fully migrated database of its own: a fresh SQLite file in its
`tmp_path`, or a fresh schema on the PostgreSQL server named by `TEST_DATABASE_URL`
(e.g. `postgresql+asyncpg://postgres@127.0.0.1:5432/test`). Without that variable, or when the
server does not answer, the PostgreSQL variant of each test is skipped and says why.

The plain functions here (`sqlite_database`, `postgres_database`, `migrated_engine`) carry no
pytest magic, so another conftest can build its own fixtures from them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import UnitOfWork, create_engine, create_session_factory, upgrade_database

POSTGRES_URL_VARIABLE = "TEST_DATABASE_URL"

_postgres_unavailable: dict[str, str | None] = {}


@dataclass(frozen=True)
class DatabaseUnderTest:
    backend: str
    url: str
    connect_args: Mapping[str, Any] = field(default_factory=dict)

    def create_engine(self) -> AsyncEngine:
        return create_engine(self.url, connect_args=self.connect_args)


def sqlite_database(directory: Path) -> DatabaseUnderTest:
    return DatabaseUnderTest("sqlite", f"sqlite+aiosqlite:///{directory / 'samenbot.db'}")


@asynccontextmanager
async def postgres_database(url: str) -> AsyncIterator[DatabaseUnderTest]:
    """A schema of its own on the server, dropped afterwards, so tests never share rows."""
    schema = f"samenbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield DatabaseUnderTest("postgresql", url, {"server_settings": {"search_path": schema}})
    finally:
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


async def postgres_unavailable(url: str | None) -> str | None:
    """Why PostgreSQL cannot be used for tests, or None when it can."""
    if not url:
        return (
            f"PostgreSQL not configured: set {POSTGRES_URL_VARIABLE}="
            "postgresql+asyncpg://postgres@127.0.0.1:5432/test to run this variant"
        )
    if url not in _postgres_unavailable:
        engine = create_engine(url, connect_args={"timeout": 5})
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            _postgres_unavailable[url] = None
        except (OSError, SQLAlchemyError) as error:
            _postgres_unavailable[url] = (
                f"PostgreSQL at {POSTGRES_URL_VARIABLE} unreachable: {error}"
            )
        finally:
            await engine.dispose()
    return _postgres_unavailable[url]


@asynccontextmanager
async def migrated_engine(database: DatabaseUnderTest) -> AsyncIterator[AsyncEngine]:
    engine = database.create_engine()
    try:
        await upgrade_database(engine)
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[DatabaseUnderTest]:
    """An empty database (not yet migrated), once per backend."""
    if request.param == "sqlite":
        yield sqlite_database(tmp_path)
        return
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    reason = await postgres_unavailable(url)
    if reason is not None:
        pytest.skip(reason)
    assert url is not None
    async with postgres_database(url) as postgres:
        yield postgres


@pytest.fixture
def database_url(database: DatabaseUnderTest) -> str:
    return database.url


@pytest.fixture
async def engine(database: DatabaseUnderTest) -> AsyncIterator[AsyncEngine]:
    async with migrated_engine(database) as migrated:
        yield migrated


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
def uow_factory(session_factory: async_sessionmaker[AsyncSession]) -> Callable[..., UnitOfWork]:
    """`async with uow_factory() as uow:` — a fresh unit of work on the test's database
    (`uow_factory(read_only=True)` for one that only reads)."""
    return lambda *, read_only=False: UnitOfWork(session_factory, read_only=read_only)


@dataclass(frozen=True)
class ConversationInChat:
    """What most storage tests start from: a bound chat, its members and a run."""

    chat_id: int
    telegram_chat_id: int
    partnership_id: int | None
    region_id: int | None
    run_id: int
    members: Mapping[str, int]


@pytest.fixture
def conversation_in_chat(
    uow_factory: Callable[[], UnitOfWork],
) -> Callable[..., Any]:
    """`await conversation_in_chat(telegram_chat_id, members=("Anna", "Bram"))`."""

    async def start(
        telegram_chat_id: int = -1001,
        *,
        members: tuple[str, ...] = ("Anna", "Bram"),
        partnership: str = "Samen Opleiden Utrecht",
        region: str = "Onderwijsregio Utrecht",
        flow_id: str = "visie-op-beroep",
        thread_id: int | None = None,
    ) -> ConversationInChat:
        async with uow_factory() as uow:
            chat = await uow.chats.get_or_create(telegram_chat_id, f"Groep {partnership}")
            bound = await uow.chats.bind_to_partnership(chat, partnership, region)
            member_ids = {}
            for offset, name in enumerate(members):
                user_id = abs(telegram_chat_id) * 1000 + offset
                member = await uow.members.upsert(user_id, name, None, name.lower())
                await uow.members.seen_in_chat(member, chat)
                member_ids[name] = member.id
            run = await uow.runs.start(
                chat_id=chat.id,
                thread_id=thread_id,
                flow_id=flow_id,
                flow_version=1,
                flow_hash="sha256:test",
                scope="partnership",
                partnership_id=bound.id,
                region_id=bound.region_id,
                mode="live",
                pace_days=None,
                started_by_member_id=next(iter(member_ids.values()), None),
                state={"card": 1, "question": 0},
            )
            await uow.commit()
            return ConversationInChat(
                chat_id=chat.id,
                telegram_chat_id=telegram_chat_id,
                partnership_id=bound.id,
                region_id=bound.region_id,
                run_id=run.id,
                members=member_ids,
            )

    return start
