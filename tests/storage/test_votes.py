from collections.abc import Callable

from storage import UnitOfWork
from tests.storage.conftest import ConversationInChat


async def test_votes_are_one_per_member_and_changeable(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    anna, bram = chat.members["Anna"], chat.members["Bram"]

    async with uow_factory() as uow:
        first = await uow.votes.cast(chat.run_id, 3, "keuze", "", anna, ["a"])
        await uow.votes.cast(chat.run_id, 3, "keuze", "", bram, ["b"])
        await uow.commit()
    async with uow_factory() as uow:
        changed = await uow.votes.cast(chat.run_id, 3, "keuze", "", anna, ["b", "c"])
        await uow.commit()

    assert changed.id == first.id
    assert changed.value == ["b", "c"]
    async with uow_factory() as uow:
        votes = await uow.votes.of_question(chat.run_id, "keuze")
    assert sorted((vote.member.first_name, vote.value) for vote in votes) == [
        ("Anna", ["b", "c"]),
        ("Bram", ["b"]),
    ]


async def test_a_rating_is_one_vote_per_item(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    anna = chat.members["Anna"]

    async with uow_factory() as uow:
        await uow.votes.cast(chat.run_id, 2, "zichtbaarheid", "visie", anna, 3)
        await uow.votes.cast(chat.run_id, 2, "zichtbaarheid", "rollen", anna, 1)
        await uow.votes.cast(chat.run_id, 2, "zichtbaarheid", "visie", anna, 4)
        await uow.commit()

    async with uow_factory() as uow:
        votes = await uow.votes.of_run(chat.run_id, card_number=2)
        assert await uow.votes.of_run(chat.run_id, card_number=1) == []
    assert [(vote.item_id, vote.value) for vote in votes] == [("rollen", 1), ("visie", 4)]


async def test_forgetting_a_member_erases_their_votes(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    anna, bram = chat.members["Anna"], chat.members["Bram"]
    async with uow_factory() as uow:
        await uow.votes.cast(chat.run_id, 3, "keuze", "", anna, ["a"])
        await uow.votes.cast(chat.run_id, 3, "keuze", "", bram, ["a"])
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.votes.delete_of_member(anna) == 1
        await uow.commit()

    async with uow_factory() as uow:
        remaining = await uow.votes.of_question(chat.run_id, "keuze")
    assert [vote.member_id for vote in remaining] == [bram]
