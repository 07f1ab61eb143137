from collections.abc import Callable

import pytest

from storage import UnitOfWork


async def test_rolls_back_uncommitted_work_by_default(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        await uow.chats.get_or_create(-1001, "Samen Opleiden Utrecht")

    async with uow_factory() as uow:
        assert await uow.chats.get(-1001) is None


async def test_rolls_back_on_error(uow_factory: Callable[[], UnitOfWork]):
    with pytest.raises(ZeroDivisionError):
        async with uow_factory() as uow:
            await uow.chats.get_or_create(-1001, "Samen Opleiden Utrecht")
            1 / 0  # noqa: B018

    async with uow_factory() as uow:
        assert await uow.chats.get(-1001) is None


async def test_committed_work_is_kept(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        await uow.chats.get_or_create(-1001, "Samen Opleiden Utrecht")
        await uow.commit()

    async with uow_factory() as uow:
        chat = await uow.chats.get(-1001)
        assert chat is not None
        assert chat.title == "Samen Opleiden Utrecht"


async def test_objects_read_inside_stay_readable_after_the_block(
    uow_factory: Callable[[], UnitOfWork],
):
    async with uow_factory() as uow:
        await uow.chats.get_or_create(-1001, "Samen Opleiden Utrecht")
        await uow.commit()

    async with uow_factory() as uow:
        chat = await uow.chats.get(-1001)

    assert chat is not None
    assert chat.title == "Samen Opleiden Utrecht"


async def test_repositories_exist_only_inside_the_block(uow_factory: Callable[[], UnitOfWork]):
    uow = uow_factory()
    with pytest.raises(RuntimeError, match="async with"):
        await uow.commit()
