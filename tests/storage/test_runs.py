import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from storage import RunAlreadyActive, RunStatus, UnitOfWork, create_session_factory
from tests.storage.conftest import ConversationInChat


def _run_arguments(chat: ConversationInChat, thread_id: int | None = None) -> dict:
    return {
        "chat_id": chat.chat_id,
        "thread_id": thread_id,
        "flow_id": "kwaliteitskader",
        "flow_version": 2,
        "flow_hash": "sha256:other",
        "scope": "partnership",
        "partnership_id": chat.partnership_id,
        "region_id": chat.region_id,
        "mode": "async",
        "pace_days": 7,
        "started_by_member_id": None,
        "state": {},
    }


async def test_a_second_run_in_the_same_chat_raises(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()

    async with uow_factory() as uow:
        with pytest.raises(RunAlreadyActive) as raised:
            await uow.runs.start(**_run_arguments(chat))

    assert raised.value.run is not None
    assert raised.value.run.id == chat.run_id


async def test_a_paused_run_still_occupies_the_chat(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        assert await uow.runs.save_state(chat.run_id, 1, {"paused": True}, RunStatus.PAUSED)
        await uow.commit()

    async with uow_factory() as uow:
        with pytest.raises(RunAlreadyActive):
            await uow.runs.start(**_run_arguments(chat))


async def test_each_forum_topic_has_its_own_run(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()

    async with uow_factory() as uow:
        in_topic = await uow.runs.start(**_run_arguments(chat, thread_id=42))
        await uow.commit()

    async with uow_factory() as uow:
        assert (await uow.runs.active_in(chat.chat_id, 42)).id == in_topic.id
        assert (await uow.runs.active_in(chat.chat_id, None)).id == chat.run_id
        with pytest.raises(RunAlreadyActive):
            await uow.runs.start(**_run_arguments(chat, thread_id=42))


async def test_two_runs_started_at_once_leave_one_active(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        await uow.runs.save_state(chat.run_id, 1, {}, RunStatus.FINISHED, datetime.now(UTC))
        await uow.commit()

    async def start() -> bool:
        try:
            async with uow_factory() as uow:
                await uow.runs.start(**_run_arguments(chat))
                await uow.commit()
        except RunAlreadyActive:
            return False
        return True

    outcomes = await asyncio.gather(*(start() for _ in range(5)))

    assert sorted(outcomes) == [False] * 4 + [True]


async def test_a_finished_run_frees_the_chat(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    finished_at = datetime(2025, 3, 1, 10, 30, tzinfo=UTC)

    async with uow_factory() as uow:
        assert await uow.runs.save_state(chat.run_id, 1, {"done": True}, "finished", finished_at)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.runs.active_in(chat.chat_id, None) is None
        second = await uow.runs.start(**_run_arguments(chat))
        await uow.commit()

    async with uow_factory() as uow:
        first = await uow.runs.get(chat.run_id)
        assert [run.id for run in await uow.runs.runs_of_chat(chat.chat_id)] == [
            second.id,
            chat.run_id,
        ]
    assert first.finished_at == finished_at
    assert first.state == {"done": True}


async def test_save_state_with_a_stale_version_returns_false(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()

    async with uow_factory() as uow:
        assert await uow.runs.save_state(chat.run_id, 1, {"question": 1}, "active")
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.runs.save_state(chat.run_id, 1, {"question": 9}, "active")
        await uow.commit()

    async with uow_factory() as uow:
        run = await uow.runs.get(chat.run_id)
    assert (run.version, run.state) == (2, {"question": 1})


async def test_of_two_concurrent_saves_from_one_version_only_one_wins(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()

    async def save(question: int) -> bool:
        async with uow_factory() as uow:
            saved = await uow.runs.save_state(chat.run_id, 1, {"question": question}, "active")
            await uow.commit()
            return saved

    assert sorted(await asyncio.gather(save(1), save(2))) == [False, True]


async def test_a_reply_to_a_question_message_finds_its_question_after_a_restart(
    database, conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()

    for message_id, question in ((70, "kern"), (71, "voorbeeld")):
        engine = database.create_engine()
        async with UnitOfWork(create_session_factory(engine)) as uow:
            recorded = await uow.runs.record_question_message(
                chat.run_id, chat.telegram_chat_id, message_id, 1, question
            )
            again = await uow.runs.record_question_message(
                chat.run_id, chat.telegram_chat_id, message_id, 1, question
            )
            assert again.id == recorded.id
            await uow.commit()
        await engine.dispose()

    restarted = database.create_engine()
    try:
        async with UnitOfWork(create_session_factory(restarted)) as uow:
            found = await uow.runs.question_for_message(chat.telegram_chat_id, 71)
            unknown = await uow.runs.question_for_message(chat.telegram_chat_id, 72)
            posted = await uow.runs.question_messages_of_run(chat.run_id)
    finally:
        await restarted.dispose()

    assert (found.run_id, found.card_number, found.question_id) == (chat.run_id, 1, "voorbeeld")
    assert unknown is None
    assert [message.message_id for message in posted] == [70, 71]


async def test_versions_move_on_together_only_when_no_run_was_saved_meanwhile(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    noord: ConversationInChat = await conversation_in_chat(-1001)
    zuid: ConversationInChat = await conversation_in_chat(-1002)

    async with uow_factory() as uow:
        assert await uow.runs.move_versions_on({noord.run_id: 1, zuid.run_id: 1})
        await uow.commit()
    async with uow_factory() as uow:
        runs = await uow.runs.get_all([noord.run_id, zuid.run_id])
    assert {run.version for run in runs.values()} == {2}

    async with uow_factory() as uow:  # another instance saved Zuid's run meanwhile
        assert await uow.runs.save_state(zuid.run_id, 2, {}, RunStatus.ACTIVE)
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.runs.move_versions_on({noord.run_id: 2, zuid.run_id: 2})
