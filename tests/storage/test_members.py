from collections.abc import Callable

from storage import UnitOfWork


async def test_a_member_is_one_row_whose_names_follow_telegram(
    uow_factory: Callable[[], UnitOfWork],
):
    async with uow_factory() as uow:
        first = await uow.members.upsert(12345, "Anna", None, None)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.members.upsert(12345, "Anna", "de Vries", "annadv")
        await uow.commit()

    assert again.id == first.id
    async with uow_factory() as uow:
        member = await uow.members.get_by_telegram_id(12345)
        assert await uow.members.get_by_telegram_id(54321) is None
    assert (member.first_name, member.last_name, member.username) == ("Anna", "de Vries", "annadv")


async def test_members_of_a_chat_are_those_seen_there(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        utrecht = await uow.chats.get_or_create(-1001, "Utrecht")
        zwolle = await uow.chats.get_or_create(-1002, "Zwolle")
        bram = await uow.members.upsert(2, "Bram")
        anna = await uow.members.upsert(1, "Anna")
        await uow.members.seen_in_chat(bram, utrecht)
        await uow.members.seen_in_chat(anna, utrecht)
        await uow.members.seen_in_chat(anna, utrecht)
        await uow.members.seen_in_chat(anna, zwolle)
        await uow.commit()

    async with uow_factory() as uow:
        in_utrecht = await uow.members.members_of_chat(utrecht.id)
        in_zwolle = await uow.members.members_of_chat(zwolle.id)
    assert [member.first_name for member in in_utrecht] == ["Anna", "Bram"]
    assert [member.first_name for member in in_zwolle] == ["Anna"]
