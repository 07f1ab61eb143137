from collections.abc import Callable

import pytest

from storage import ChatKind, UnitOfWork
from tests.storage.conftest import ConversationInChat


async def test_a_chat_is_created_once_and_follows_its_title(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        created = await uow.chats.get_or_create(-1001, "Team Utrecht")
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.chats.get_or_create(-1001, "Team Utrecht 2025")
        await uow.commit()

    assert again.id == created.id
    assert again.title == "Team Utrecht 2025"
    assert (again.kind, again.answer_mode, again.language, again.active) == (
        ChatKind.UNBOUND,
        "reply",
        None,
        True,
    )


async def test_binding_matches_partnership_and_region_names_case_insensitively(
    uow_factory: Callable[[], UnitOfWork],
):
    async with uow_factory() as uow:
        first = await uow.chats.get_or_create(-1001, "Coördinatoren")
        second = await uow.chats.get_or_create(-1002, "Schoolopleiders")
        bound = await uow.chats.bind_to_partnership(
            first, "Samen Opleiden Utrecht", "Onderwijsregio Midden"
        )
        same = await uow.chats.bind_to_partnership(
            second, "  samen opleiden   UTRECHT ", "onderwijsregio midden"
        )
        await uow.commit()

    assert same.id == bound.id
    assert (bound.name, bound.region.name) == ("Samen Opleiden Utrecht", "Onderwijsregio Midden")
    async with uow_factory() as uow:
        chat = await uow.chats.get(-1002)
        region = await uow.chats.region_of(chat)
        assert (chat.kind, chat.partnership_id) == (ChatKind.PARTNERSHIP, bound.id)
        assert region.id == bound.region_id
        assert [p.id for p in await uow.chats.partnerships_of_region(region.id)] == [bound.id]


async def test_a_partnership_name_is_unique_per_region_only(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-1001, "Groep")
        north = await uow.chats.bind_to_partnership(chat, "Opleiden in de School", "Noord")
        south = await uow.chats.bind_to_partnership(chat, "Opleiden in de School", "Zuid")
        await uow.commit()

    assert north.id != south.id
    assert north.region_id != south.region_id


async def test_a_region_group_is_bound_to_its_region(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-1001, "Regio")
        await uow.chats.bind_to_partnership(chat, "Samen Opleiden Utrecht", "Midden")
        region = await uow.chats.bind_to_region(chat, "MIDDEN")
        await uow.commit()

    async with uow_factory() as uow:
        chat = await uow.chats.get(-1001)
    assert (chat.kind, chat.region_id, chat.partnership_id) == (ChatKind.REGION, region.id, None)


async def test_settings_language_and_answer_mode(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-1001, "Groep")
        await uow.chats.set_language(chat, "en")
        await uow.chats.set_answer_mode(chat, "all")
        with pytest.raises(ValueError):
            await uow.chats.set_answer_mode(chat, "everything")
        await uow.commit()

    async with uow_factory() as uow:
        chat = await uow.chats.get(-1001)
    assert (chat.language, chat.answer_mode) == ("en", "all")


async def test_a_removed_bot_marks_the_chat_inactive_until_it_hears_from_it_again(
    uow_factory: Callable[[], UnitOfWork],
):
    async with uow_factory() as uow:
        await uow.chats.get_or_create(-1001, "Groep")
        assert await uow.chats.mark_inactive(-1001)
        assert not await uow.chats.mark_inactive(-4040)
        await uow.commit()
    async with uow_factory() as uow:
        assert not (await uow.chats.get(-1001)).active
        assert (await uow.chats.get_or_create(-1001, "Groep")).active


async def test_chat_migration_moves_runs_to_the_new_id_and_keeps_old_messages_apart(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat(-1001)
    async with uow_factory() as uow:
        await uow.runs.record_question_message(chat.run_id, -1001, 10, 1, "kern")
        await uow.answers.store(chat.run_id, 1, "kern", chat.members["Anna"], -1001, 11, "Ja")
        await uow.commit()

    async with uow_factory() as uow:
        migrated = await uow.chats.migrate(-1001, -1009999)
        await uow.commit()

    assert (migrated.id, migrated.telegram_chat_id) == (chat.chat_id, -1009999)
    assert migrated.migrated_from_chat_id == -1001
    async with uow_factory() as uow:
        assert await uow.chats.get(-1001) is None
        assert await uow.runs.question_for_message(-1009999, 10) is None, (
            "message 10 of the new supergroup is a different message"
        )
        question = await uow.runs.question_for_message(-1001, 10)
        assert (question.run_id, question.question_id) == (chat.run_id, "kern")
        (answer,) = await uow.answers.of_run(chat.run_id)
        assert (answer.telegram_chat_id, answer.message_id) == (-1001, 11)
        new_chat = await uow.chats.get(-1009999)
        assert (await uow.runs.active_in(new_chat.id, None)).id == chat.run_id
        assert [m.first_name for m in await uow.members.members_of_chat(new_chat.id)] == [
            "Anna",
            "Bram",
        ]


async def test_chat_migration_folds_in_a_row_already_made_for_the_new_id(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat(-1001)
    async with uow_factory() as uow:
        early = await uow.chats.get_or_create(-1009999, "Supergroep")
        anna = await uow.members.get(chat.members["Anna"])
        carla = await uow.members.upsert(77, "Carla")
        await uow.members.seen_in_chat(anna, early)
        await uow.members.seen_in_chat(carla, early)
        await uow.commit()

    async with uow_factory() as uow:
        migrated = await uow.chats.migrate(-1001, -1009999)
        await uow.commit()

    assert migrated.id == chat.chat_id
    async with uow_factory() as uow:
        assert await uow.chats.get_by_id(early.id) is None
        names = [m.first_name for m in await uow.members.members_of_chat(chat.chat_id)]
    assert names == ["Anna", "Bram", "Carla"]


async def test_migrating_an_unknown_chat_returns_nothing(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        assert await uow.chats.migrate(-1, -2) is None
