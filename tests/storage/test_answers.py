from collections.abc import Callable
from datetime import UTC

from storage import UnitOfWork
from tests.storage.conftest import ConversationInChat


async def test_the_same_answer_message_stored_twice_is_one_row(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    anna = chat.members["Anna"]

    async with uow_factory() as uow:
        first, created_first = await uow.answers.store(
            chat.run_id, 1, "kern", anna, chat.telegram_chat_id, 501, "Onderzoekende houding"
        )
        await uow.commit()
    async with uow_factory() as uow:
        again, created_again = await uow.answers.store(
            chat.run_id, 1, "kern", anna, chat.telegram_chat_id, 501, "Onderzoekende houding"
        )
        await uow.commit()

    assert (created_first, created_again) == (True, False)
    assert again.id == first.id
    async with uow_factory() as uow:
        assert [answer.text for answer in await uow.answers.of_run(chat.run_id)] == [
            "Onderzoekende houding"
        ]


async def test_an_edit_updates_the_answer_in_place(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        stored, _ = await uow.answers.store(
            chat.run_id, 1, "kern", chat.members["Anna"], chat.telegram_chat_id, 501, "Onderzeok"
        )
        await uow.commit()

    async with uow_factory() as uow:
        edited = await uow.answers.edit(chat.telegram_chat_id, 501, "Onderzoek")
        await uow.commit()

    assert edited is not None
    assert edited.id == stored.id
    assert edited.edited_at is not None and edited.edited_at.tzinfo is UTC
    async with uow_factory() as uow:
        answers = await uow.answers.of_run(chat.run_id)
    assert [(answer.id, answer.text) for answer in answers] == [(stored.id, "Onderzoek")]


async def test_editing_a_message_that_was_no_answer_changes_nothing(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        assert await uow.answers.edit(chat.telegram_chat_id, 999, "Hallo") is None


async def test_answers_of_a_run_come_in_order_with_first_names(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        for message_id, (name, card, text) in enumerate(
            [("Bram", 1, "Samenwerken"), ("Anna", 1, "Reflecteren"), ("Anna", 2, "Feedback")],
            start=600,
        ):
            await uow.answers.store(
                chat.run_id,
                card,
                "kern",
                chat.members[name],
                chat.telegram_chat_id,
                message_id,
                text,
            )
        await uow.commit()

    async with uow_factory() as uow:
        card_one = await uow.answers.of_run(chat.run_id, card_number=1)
        everything = await uow.answers.of_run(chat.run_id)

    assert [(answer.member.first_name, answer.text) for answer in card_one] == [
        ("Bram", "Samenwerken"),
        ("Anna", "Reflecteren"),
    ]
    assert len(everything) == 3


async def test_forgetting_a_member_erases_their_answers_only(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    anna, bram = chat.members["Anna"], chat.members["Bram"]
    async with uow_factory() as uow:
        await uow.answers.store(chat.run_id, 1, "kern", anna, chat.telegram_chat_id, 1, "a")
        await uow.answers.store(chat.run_id, 1, "kern", anna, chat.telegram_chat_id, 2, "b")
        await uow.answers.store(chat.run_id, 1, "kern", bram, chat.telegram_chat_id, 3, "c")
        await uow.commit()

    async with uow_factory() as uow:
        assert [answer.text for answer in await uow.answers.of_member(anna)] == ["a", "b"]
        assert await uow.answers.delete_of_member(anna) == 2
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.answers.of_member(anna) == []
        assert [answer.text for answer in await uow.answers.of_run(chat.run_id)] == ["c"]
