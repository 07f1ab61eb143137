"""On SQLite the writers of one process take turns in order, without SQLite's busy polling."""

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import storage.unit_of_work
from storage import UnitOfWork


@pytest.fixture
def sqlite_only(database) -> None:
    if database.backend != "sqlite":
        pytest.skip("PostgreSQL writers do not queue: rows are locked, not the database")


async def test_concurrent_writers_all_commit_in_the_order_they_came(
    sqlite_only, session_factory: async_sessionmaker[AsyncSession]
):
    order: list[int] = []

    async def write(index: int) -> None:
        async with UnitOfWork(session_factory) as uow:
            await uow.members.upsert(1000 + index, f"Lid{index}")
            await asyncio.sleep(0.01)  # hold the lock a while, as a real unit of work does
            order.append(index)
            await uow.commit()

    await asyncio.wait_for(asyncio.gather(*(write(index) for index in range(20))), timeout=30)

    assert order == list(range(20))
    async with UnitOfWork(session_factory, read_only=True) as uow:
        assert all([await uow.members.get_by_telegram_id(1000 + i) for i in range(20)])


async def test_a_writer_that_fails_gives_the_turn_to_the_next(
    sqlite_only, session_factory: async_sessionmaker[AsyncSession]
):
    with pytest.raises(ValueError, match="boom"):
        async with UnitOfWork(session_factory) as uow:
            await uow.members.upsert(1, "Anna")
            raise ValueError("boom")

    async def next_writer() -> None:
        async with UnitOfWork(session_factory) as uow:
            await uow.members.upsert(2, "Bram")
            await uow.commit()

    await asyncio.wait_for(next_writer(), timeout=5)


async def test_a_writer_opened_inside_another_fails_instead_of_hanging(
    sqlite_only, session_factory: async_sessionmaker[AsyncSession], monkeypatch
):
    monkeypatch.setattr(storage.unit_of_work, "WRITER_WAIT", 0.2)
    async with UnitOfWork(session_factory) as outer:
        await outer.members.upsert(1, "Anna")
        with pytest.raises(TimeoutError, match="one opened inside another"):
            async with UnitOfWork(session_factory):
                pass
        async with UnitOfWork(session_factory, read_only=True) as reader:
            assert await reader.members.get_by_telegram_id(2) is None
        await outer.commit()
