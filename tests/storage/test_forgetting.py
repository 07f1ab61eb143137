"""Kept updates and delivered messages are forgotten once they can no longer matter, so the
tables the bot works from every second stay small."""

from datetime import UTC, datetime, timedelta

from storage import OutboxStatus


async def test_handled_updates_are_forgotten_after_a_while_and_unhandled_ones_never(
    uow_factory,
):
    async with uow_factory() as uow:
        await uow.inbox.keep([{"update_id": 1}, {"update_id": 2}])
        await uow.inbox.mark_handled(1, at=datetime.now(UTC) - timedelta(days=8))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.inbox.forget_handled_before(datetime.now(UTC) - timedelta(days=7)) == 1
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.inbox.unhandled_ids() == [2]
        assert await uow.inbox.highest_id() == 2


async def test_delivered_messages_are_forgotten_after_a_while_and_waiting_ones_never(
    uow_factory, conversation_in_chat
):
    chat = await conversation_in_chat(-1001)
    async with uow_factory() as uow:
        old = await uow.outbox.add(chat.chat_id, None, "message", {"text": "oud"})
        waiting = await uow.outbox.add(chat.chat_id, None, "message", {"text": "wacht"})
        await uow.outbox.delivered([old.id])
        await uow.commit()

    later = datetime.now(UTC) + timedelta(days=31)
    async with uow_factory() as uow:
        assert await uow.outbox.forget_done_before(later) == 1
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.outbox.get(old.id) is None
        assert (await uow.outbox.get(waiting.id)).status == OutboxStatus.PENDING
