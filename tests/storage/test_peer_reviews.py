from collections.abc import Callable
from datetime import UTC, date, datetime

from storage import PeerReviewStatus, ReminderStatus, UnitOfWork
from tests.storage.conftest import ConversationInChat

_DUE = datetime(2026, 2, 9, 8, 0, tzinfo=UTC)


async def _plan(uow: UnitOfWork, chat: ConversationInChat, visit: date):
    review = await uow.peer_reviews.plan(
        chat.chat_id, chat.partnership_id, chat.region_id, visit, chat.members["Anna"]
    )
    await uow.reminders.schedule(
        chat.chat_id, None, "milestone", "t-12w", _DUE, {"flow": "x"}, peer_review_id=review.id
    )
    return review


async def test_planning_again_cancels_the_earlier_review_and_its_reminders(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        first = await _plan(uow, chat, date(2026, 5, 4))
        await uow.commit()

    async with uow_factory() as uow:
        second = await _plan(uow, chat, date(2026, 6, 1))
        await uow.commit()

    async with uow_factory() as uow:
        current = await uow.peer_reviews.current_for_chat(chat.chat_id)
        earlier = await uow.peer_reviews.get(first.id)
        upcoming = await uow.reminders.upcoming_for_chat(chat.chat_id)
    assert (current.id, current.visit_date, current.cycle) == (second.id, date(2026, 6, 1), 1)
    assert earlier.status == PeerReviewStatus.CANCELLED
    assert [reminder.peer_review_id for reminder in upcoming] == [second.id]


async def test_cancelling_a_review_cancels_its_pending_reminders(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        review = await _plan(uow, chat, date(2026, 5, 4))
        await uow.commit()

    async with uow_factory() as uow:
        cancelled = await uow.peer_reviews.cancel(chat.chat_id)
        nothing_left = await uow.peer_reviews.cancel(chat.chat_id)
        await uow.commit()

    assert (cancelled.id, nothing_left) == (review.id, None)
    async with uow_factory() as uow:
        assert await uow.peer_reviews.current_for_chat(chat.chat_id) is None
        assert await uow.reminders.upcoming_for_chat(chat.chat_id) == []
        assert await uow.reminders.claim_due(_DUE, "worker") == []


async def test_completing_a_review_keeps_its_follow_up_reminders(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        review = await _plan(uow, chat, date(2026, 5, 4))
        await uow.commit()

    async with uow_factory() as uow:
        completed = await uow.peer_reviews.complete(review.id)
        await uow.commit()

    assert completed.status == PeerReviewStatus.COMPLETED
    async with uow_factory() as uow:
        assert await uow.peer_reviews.current_for_chat(chat.chat_id) is None
        (reminder,) = await uow.reminders.upcoming_for_chat(chat.chat_id)
    assert reminder.status == ReminderStatus.PENDING
