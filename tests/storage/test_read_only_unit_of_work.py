"""A unit of work that only reads takes no write lock and cannot commit."""

import asyncio

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import UnitOfWork


async def test_a_reader_is_not_held_up_by_a_writer_holding_the_lock(
    session_factory: async_sessionmaker[AsyncSession], conversation_in_chat
):
    chat = await conversation_in_chat()
    async with UnitOfWork(session_factory) as writer:
        await writer.members.upsert(424242, "Wim")  # the writer holds the write lock now

        async def read() -> str | None:
            async with UnitOfWork(session_factory, read_only=True) as reader:
                stored = await reader.chats.get(chat.telegram_chat_id)
                return stored.title if stored else None

        title = await asyncio.wait_for(read(), timeout=5)
        await writer.commit()

    assert title == "Groep Samen Opleiden Utrecht"


async def test_a_reader_sees_what_was_committed_before_it_began(
    session_factory: async_sessionmaker[AsyncSession],
):
    async with UnitOfWork(session_factory) as writer:
        await writer.members.upsert(7, "Anna")
        await writer.commit()

    async with UnitOfWork(session_factory, read_only=True) as reader:
        member = await reader.members.get_by_telegram_id(7)

    assert member is not None and member.first_name == "Anna"


async def test_a_read_only_unit_of_work_cannot_commit(
    session_factory: async_sessionmaker[AsyncSession],
):
    async with UnitOfWork(session_factory, read_only=True) as reader:
        with pytest.raises(RuntimeError, match="read-only"):
            await reader.commit()


async def test_a_writer_after_a_reader_still_takes_the_lock_and_commits(
    session_factory: async_sessionmaker[AsyncSession],
):
    async with UnitOfWork(session_factory, read_only=True) as reader:
        await reader.members.get_by_telegram_id(8)
    async with UnitOfWork(session_factory) as writer:
        await writer.members.upsert(8, "Bram")
        await writer.commit()

    async with UnitOfWork(session_factory, read_only=True) as reader:
        assert (await reader.members.get_by_telegram_id(8)).first_name == "Bram"


async def test_postgresql_refuses_a_write_in_a_read_only_unit_of_work(
    database, session_factory: async_sessionmaker[AsyncSession]
):
    if database.backend != "postgresql":
        pytest.skip("SQLite has no READ ONLY transactions; commit() is refused instead")
    async with UnitOfWork(session_factory, read_only=True) as reader:
        with pytest.raises(DBAPIError, match="read-only"):
            await reader.members.upsert(9, "Cees")
