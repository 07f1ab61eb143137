import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from storage import ReminderStatus, UnitOfWork, create_session_factory
from tests.storage.conftest import ConversationInChat, DatabaseUnderTest

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def _schedule(uow: UnitOfWork, chat: ConversationInChat, key: str, due_at: datetime):
    return await uow.reminders.schedule(
        chat.chat_id, None, "milestone", key, due_at, {"milestone": key}
    )


async def test_claim_due_takes_only_due_pending_reminders_in_order(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        later = await _schedule(uow, chat, "t-1d", NOW + timedelta(days=1))
        second = await _schedule(uow, chat, "t-1w", NOW - timedelta(hours=1))
        first = await _schedule(uow, chat, "t-3w", NOW - timedelta(days=14))
        await uow.commit()

    async with uow_factory() as uow:
        claimed = await uow.reminders.claim_due(NOW, "worker-1")
        await uow.commit()

    assert [reminder.id for reminder in claimed] == [first.id, second.id]
    assert all(r.status == ReminderStatus.CLAIMED and r.claimed_by == "worker-1" for r in claimed)
    assert claimed[0].payload == {"milestone": "t-3w"}
    assert claimed[0].due_at == NOW - timedelta(days=14)
    async with uow_factory() as uow:
        assert await uow.reminders.claim_due(NOW, "worker-2") == []
        upcoming = await uow.reminders.upcoming_for_chat(chat.chat_id)
    assert [reminder.id for reminder in upcoming] == [first.id, second.id, later.id]


async def test_a_sent_reminder_is_never_claimed_again(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        on_time = await _schedule(uow, chat, "t-6w", NOW)
        missed = await _schedule(uow, chat, "t-8w", NOW - timedelta(days=3))
        await uow.commit()

    async with uow_factory() as uow:
        await uow.reminders.claim_due(NOW, "worker-1")
        assert await uow.reminders.mark_sent(on_time.id, late=False)
        assert await uow.reminders.mark_sent(missed.id, late=True)
        assert not await uow.reminders.mark_sent(missed.id, late=True)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.reminders.claim_due(NOW + timedelta(days=30), "worker-1") == []
        sent = await uow.reminders.get(on_time.id)
        caught_up = await uow.reminders.get(missed.id)
        assert await uow.reminders.upcoming_for_chat(chat.chat_id) == []
    assert (sent.status, caught_up.status) == (ReminderStatus.SENT, ReminderStatus.LATE_SENT)
    assert sent.sent_at is not None and sent.sent_at.tzinfo is UTC


async def test_a_released_reminder_is_retried_and_counts_the_attempt(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        reminder = await _schedule(uow, chat, "t-1d", NOW)
        await uow.commit()

    async with uow_factory() as uow:
        await uow.reminders.claim_due(NOW, "worker-1")
        assert await uow.reminders.release(reminder.id)
        await uow.commit()
    async with uow_factory() as uow:
        (again,) = await uow.reminders.claim_due(NOW, "worker-2")
        assert await uow.reminders.mark_undeliverable(again.id)
        await uow.commit()

    async with uow_factory() as uow:
        final = await uow.reminders.get(reminder.id)
    assert (final.attempts, final.claimed_by, final.status) == (
        1,
        "worker-2",
        ReminderStatus.UNDELIVERABLE,
    )


async def test_claims_of_a_dead_dispatcher_are_reclaimed(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        reminder = await _schedule(uow, chat, "t-1d", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.reminders.claim_due(NOW, "crashed-worker")
        await uow.commit()

    async with uow_factory() as uow:
        assert (
            await uow.reminders.reclaim_stale(NOW + timedelta(minutes=5), timedelta(minutes=10))
            == 0
        )
        assert (
            await uow.reminders.reclaim_stale(NOW + timedelta(minutes=11), timedelta(minutes=10))
            == 1
        )
        (reclaimed,) = await uow.reminders.claim_due(NOW, "worker-2")
        await uow.commit()
    assert reclaimed.id == reminder.id


async def test_cancel_pending_of_a_run_by_kind(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        for kind in ("nudge", "card_deadline"):
            await uow.reminders.schedule(
                chat.chat_id, None, kind, "card-1", NOW, {}, run_id=chat.run_id
            )
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.reminders.cancel_pending(run_id=chat.run_id, kind="nudge") == 1
        await uow.commit()

    async with uow_factory() as uow:
        assert [r.kind for r in await uow.reminders.upcoming_for_chat(chat.chat_id)] == [
            "card_deadline"
        ]


async def test_two_dispatchers_never_claim_the_same_reminder(
    database: DatabaseUnderTest, engine: AsyncEngine, conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        for number in range(60):
            await _schedule(uow, chat, f"r{number}", NOW - timedelta(minutes=number))
        await uow.commit()

    both_connected = asyncio.Barrier(2)
    batches = {"bot-1": 0, "bot-2": 0}
    done: set[str] = set()
    turn = asyncio.Condition()

    async def dispatcher(worker_id: str, other: str) -> list[int]:
        # Its own engine: a second bot instance on the same database.
        own_engine = database.create_engine()
        claimed: list[int] = []
        try:
            async with own_engine.connect():
                pass
            await both_connected.wait()
            while True:
                async with UnitOfWork(create_session_factory(own_engine)) as uow:
                    batch = await uow.reminders.claim_due(NOW, worker_id, limit=7)
                    await uow.commit()
                async with turn:
                    batches[worker_id] += 1
                    turn.notify_all()
                    if not batch:
                        done.add(worker_id)
                        return claimed
                    claimed.extend(reminder.id for reminder in batch)
                    # While "sending" them, wait until the other instance has claimed as often.
                    await turn.wait_for(
                        lambda: other in done or batches[other] >= batches[worker_id]
                    )
        finally:
            await own_engine.dispose()

    first, second = await asyncio.gather(dispatcher("bot-1", "bot-2"), dispatcher("bot-2", "bot-1"))

    assert not set(first) & set(second)
    assert len(first) + len(second) == 60
    assert first and second


async def test_reminders_claimed_in_an_open_transaction_are_not_claimed_by_another_dispatcher(
    database: DatabaseUnderTest, engine: AsyncEngine, conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        for number in range(10):
            await _schedule(uow, chat, f"r{number}", NOW - timedelta(minutes=number))
        await uow.commit()
    other_instance = database.create_engine()

    async def claim_elsewhere() -> list[int]:
        async with UnitOfWork(create_session_factory(other_instance)) as uow:
            batch = await uow.reminders.claim_due(NOW, "bot-2", limit=5)
            await uow.commit()
        return [reminder.id for reminder in batch]

    try:
        async with UnitOfWork(sessions) as uow:
            first = [r.id for r in await uow.reminders.claim_due(NOW, "bot-1", limit=5)]
            elsewhere = asyncio.create_task(claim_elsewhere())
            if database.backend == "postgresql":
                # SKIP LOCKED: bot-2 takes other rows while bot-1's claim is still open.
                second = await elsewhere
            await uow.commit()
        if database.backend != "postgresql":
            # SQLite has one writer at a time: bot-2 claims once bot-1 has committed.
            second = await elsewhere
    finally:
        await other_instance.dispose()

    assert len(first) == len(second) == 5
    assert not set(first) & set(second)


async def test_the_next_due_time_is_the_earliest_pending_reminder_after_now(uow_factory):
    now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-5001, "Groep")
        assert await uow.reminders.next_due_after(now) is None
        for hours in (30, 3, -2):
            await uow.reminders.schedule(
                chat.id, None, "milestone", f"m{hours}", now + timedelta(hours=hours)
            )
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.reminders.next_due_after(now) == now + timedelta(hours=3)
