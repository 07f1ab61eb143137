"""Seeing a known member or chat again writes nothing unless something changed."""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import UnitOfWork
from storage.models import utcnow


@contextmanager
def writes_to(engine: AsyncEngine) -> Iterator[list[str]]:
    """The INSERT/UPDATE/DELETE statements sent while the block runs."""
    writes: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield writes
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_a_known_member_under_the_same_names_is_only_read(
    engine: AsyncEngine, uow_factory: Callable[[], UnitOfWork]
):
    async with uow_factory() as uow:
        first = await uow.members.upsert(12345, "Anna", "de Vries", "annadv")
        await uow.commit()

    with writes_to(engine) as writes:
        async with uow_factory() as uow:
            again = await uow.members.upsert(12345, "Anna", "de Vries", "annadv")
            await uow.commit()

    assert again.id == first.id
    assert writes == []


async def test_a_member_who_renamed_is_written(
    engine: AsyncEngine, uow_factory: Callable[[], UnitOfWork]
):
    async with uow_factory() as uow:
        await uow.members.upsert(12345, "Anna")
        await uow.commit()

    with writes_to(engine) as writes:
        async with uow_factory() as uow:
            renamed = await uow.members.upsert(12345, "Annemarie")
            await uow.commit()

    assert renamed.first_name == "Annemarie"
    assert len(writes) == 1


async def test_a_known_chat_under_the_same_title_is_only_read(
    engine: AsyncEngine, uow_factory: Callable[[], UnitOfWork]
):
    async with uow_factory() as uow:
        first = await uow.chats.get_or_create(-1001, "Utrecht")
        await uow.commit()

    with writes_to(engine) as writes:
        async with uow_factory() as uow:
            again = await uow.chats.get_or_create(-1001, "Utrecht")
            await uow.commit()

    assert again.id == first.id
    assert writes == []


async def test_a_renamed_or_inactive_chat_is_written(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        await uow.chats.get_or_create(-1001, "Utrecht")
        await uow.chats.mark_inactive(-1001)
        await uow.commit()

    async with uow_factory() as uow:
        await uow.chats.get_or_create(-1001, "Utrecht e.o.")
        await uow.commit()

    async with uow_factory() as uow:
        chat = await uow.chats.get(-1001)
    assert (chat.title, chat.active) == ("Utrecht e.o.", True)


async def test_last_seen_is_refreshed_only_when_it_is_an_hour_old(
    engine: AsyncEngine, uow_factory: Callable[[], UnitOfWork]
):
    moment = utcnow()
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-1001, "Utrecht")
        anna = await uow.members.upsert(1, "Anna")
        await uow.members.seen_in_chat(anna, chat, moment)
        await uow.commit()

    async with uow_factory() as uow:
        await uow.members.seen_in_chat(anna, chat, moment + timedelta(minutes=30))
        await uow.commit()
    async with uow_factory() as uow:
        soon = await uow.members.last_seen(anna, chat)
    async with uow_factory() as uow:
        await uow.members.seen_in_chat(anna, chat, moment + timedelta(hours=2))
        await uow.commit()
    async with uow_factory() as uow:
        later = await uow.members.last_seen(anna, chat)

    assert soon == moment
    assert later == moment + timedelta(hours=2)


async def test_a_chat_looked_up_again_in_the_same_unit_of_work_is_read_once(
    engine: AsyncEngine, uow_factory: Callable[[], UnitOfWork]
):
    async with uow_factory() as uow:
        await uow.chats.get_or_create(-1001, "Partnerschap Noord")
        await uow.commit()
    reads: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if "FROM chats" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with uow_factory() as uow:
            chat_id = (await uow.chats.get_or_create(-1001, "Partnerschap Noord")).id
            gc.collect()  # nothing else holds the chat: the session alone would forget it
            again = await uow.chats.get_by_id(chat_id)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)

    assert again.telegram_chat_id == -1001
    assert len(reads) == 1


async def test_members_seen_together_are_refreshed_only_when_last_seen_long_ago(
    uow_factory: Callable[[], UnitOfWork],
):
    long_ago, just_now = utcnow() - timedelta(hours=3), utcnow() - timedelta(minutes=5)
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-1001, "Partnerschap Noord")
        anna = await uow.members.upsert(1, "Anna")
        bram = await uow.members.upsert(2, "Bram")
        await uow.members.seen_in_chat(anna, chat, at=long_ago)
        await uow.members.seen_in_chat(bram, chat, at=just_now)
        await uow.commit()

    async with uow_factory() as uow:
        chat = await uow.chats.get(-1001)
        cees = await uow.members.upsert(3, "Cees")
        await uow.members.seen_in_chats([(anna, chat), (bram, chat), (cees, chat)])
        await uow.commit()

    async with uow_factory(read_only=True) as uow:
        seen = {m.first_name: await uow.members.last_seen(m, chat) for m in (anna, bram, cees)}
    assert seen["Anna"] > just_now, "seen long ago: refreshed"
    assert abs((seen["Bram"] - just_now).total_seconds()) < 1, "seen just now: left alone"
    assert seen["Cees"] > just_now, "new in the chat"
