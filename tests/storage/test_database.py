import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError

from storage import UnitOfWork, create_engine
from tests.storage.conftest import ConversationInChat

AMSTERDAM_WINTER = timezone(timedelta(hours=1))


async def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'pragmas.db'}")
    try:
        async with engine.connect() as connection:
            settings = {
                pragma: (await connection.exec_driver_sql(f"PRAGMA {pragma}")).scalar()
                for pragma in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        await engine.dispose()

    assert settings == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 30000,
        "synchronous": 1,  # NORMAL
    }


async def test_timestamps_come_back_timezone_aware_in_utc(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    local_nine = datetime(2026, 1, 12, 9, 0, tzinfo=AMSTERDAM_WINTER)
    async with uow_factory() as uow:
        await uow.reminders.schedule(chat.chat_id, None, "milestone", "t-1w", local_nine, {})
        await uow.commit()

    async with uow_factory() as uow:
        (reminder,) = await uow.reminders.upcoming_for_chat(chat.chat_id)
        run = await uow.runs.get(chat.run_id)

    assert reminder.due_at == local_nine
    assert reminder.due_at.utcoffset() == timedelta(0)
    assert reminder.due_at.hour == 8
    assert run.started_at.utcoffset() == timedelta(0)


async def test_a_naive_timestamp_is_refused(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        with pytest.raises(StatementError, match="naive datetime"):
            await uow.reminders.schedule(
                chat.chat_id, None, "milestone", "t-1w", datetime(2026, 1, 12, 9, 0), {}
            )


async def test_deleting_a_run_deletes_its_answers_votes_and_question_messages(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    anna = chat.members["Anna"]
    async with uow_factory() as uow:
        await uow.runs.record_question_message(chat.run_id, chat.telegram_chat_id, 1, 1, "kern")
        await uow.answers.store(chat.run_id, 1, "kern", anna, chat.telegram_chat_id, 2, "Ja")
        await uow.votes.cast(chat.run_id, 1, "keuze", "", anna, ["a"])
        await uow.commit()

    async with uow_factory() as uow:
        await uow.session.execute(text("DELETE FROM runs WHERE id = :id"), {"id": chat.run_id})
        await uow.commit()

    async with uow_factory() as uow:
        counts = [
            (await uow.session.execute(text(f"SELECT count(*) FROM {table}"))).scalar()
            for table in ("question_messages", "answers", "votes")
        ]
    assert counts == [0, 0, 0]


async def test_twenty_concurrent_writers_finish_without_database_is_locked(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat(
        members=tuple(f"Lid {number}" for number in range(20))
    )
    member_ids = list(chat.members.values())

    async def writer(number: int) -> None:
        member_id = member_ids[number]
        for round_number in range(5):
            async with uow_factory() as uow:
                run = await uow.runs.get(chat.run_id)
                message_id = number * 100 + round_number
                await uow.answers.store(
                    run.id, 1, "kern", member_id, chat.telegram_chat_id, message_id, f"{number}"
                )
                await uow.votes.cast(run.id, 1, "keuze", "", member_id, [f"optie-{round_number}"])
                await uow.commit()

    await asyncio.gather(*(writer(number) for number in range(20)))

    async with uow_factory() as uow:
        answers = await uow.answers.of_run(chat.run_id)
        votes = await uow.votes.of_question(chat.run_id, "keuze")
    assert len(answers) == 100
    assert len(votes) == 20
    assert {tuple(vote.value) for vote in votes} == {("optie-4",)}
