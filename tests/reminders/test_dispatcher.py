"""The dispatcher on a real database (SQLite, and PostgreSQL when configured), with the clock
injected and Telegram faked: on time in summer and winter, once, late after downtime, never to
a chat that is gone, and once even with two bot instances."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.reminders import DispatchPolicy
from flows.events import DeadlineReached, NudgeDue
from storage import (
    PeerReview,
    PeerReviewStatus,
    Reminder,
    ReminderStatus,
    UnitOfWork,
    create_session_factory,
)
from tests.reminders.conftest import FakeRuns

PLANNED_ON = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
VISIT = date(2027, 3, 1)
FIRST_DUE = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # kritische-reflectie, 09:00 winter time


async def statuses(uow_factory, **where) -> dict[str, str]:
    async with uow_factory() as uow:
        rows = await uow.session.scalars(
            select(Reminder).filter_by(**where).order_by(Reminder.due_at, Reminder.id)
        )
        return {f"{row.peer_review_id}:{row.key}": row.status for row in rows}


async def reminder_rows(uow_factory, **where) -> list[Reminder]:
    async with uow_factory() as uow:
        rows = await uow.session.scalars(
            select(Reminder).filter_by(**where).order_by(Reminder.due_at, Reminder.id)
        )
        return list(rows)


# on time, in summer and in winter


@pytest.mark.parametrize(
    ("visit", "milestone", "nine_local"),
    [
        # 28 March 2027: summer time starts. Before it, 09:00 is 08:00 UTC; from then on 07:00.
        # The day before a Monday visit is a Sunday: that reminder comes on the Friday before.
        pytest.param(date(2027, 3, 29), "Morgen is de peer review", datetime(2027, 3, 26, 8, 0)),
        pytest.param(date(2027, 3, 28), "Vandaag is de peer review", datetime(2027, 3, 28, 7, 0)),
        # 31 October 2027: winter time starts.
        pytest.param(date(2027, 11, 1), "Morgen is de peer review", datetime(2027, 10, 29, 7, 0)),
        pytest.param(date(2027, 10, 31), "Vandaag is de peer review", datetime(2027, 10, 31, 8, 0)),
    ],
)
async def test_a_reminder_goes_out_at_nine_local_time_in_summer_and_in_winter(
    bound_chat, plan_review, make_dispatcher, sender, visit, milestone, nine_local
):
    chat = await bound_chat()
    await plan_review(chat, visit, PLANNED_ON)
    dispatcher = make_dispatcher()
    due = nine_local.replace(tzinfo=UTC)

    await dispatcher.run_due(due - timedelta(minutes=1))
    assert not any(milestone in text for text in sender.texts())
    sent_before = len(sender.sent)

    assert await dispatcher.run_due(due) == 1
    place, text = sender.sent[-1]
    assert milestone in text
    assert place.chat_id == chat.telegram_chat_id
    assert len(sender.sent) == sent_before + 1


async def test_a_reminder_is_sent_once_and_says_what_to_do(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    chat = await bound_chat()
    await plan_review(chat, VISIT, PLANNED_ON)
    dispatcher = make_dispatcher()

    assert await dispatcher.run_due(FIRST_DUE - timedelta(seconds=1)) == 0
    assert await dispatcher.run_due(FIRST_DUE) == 1
    assert await dispatcher.run_due(FIRST_DUE + timedelta(minutes=5)) == 0

    (text,) = sender.texts()
    assert "Peer review · Start de kritische reflectie" in text
    assert "op maandag 1 maart 2027" in text
    assert "Start het gesprek met /gesprek kwaliteitskader." in text
    assert "verlaat" not in text
    rows = await reminder_rows(uow_factory, key="kritische-reflectie")
    assert rows[0].status == ReminderStatus.SENT
    assert rows[0].sent_at == FIRST_DUE


# after downtime, and after a restart mid-way


async def test_reminders_missed_during_downtime_are_sent_once_marked_late(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    chat = await bound_chat()
    await plan_review(chat, VISIT, PLANNED_ON)
    back_up = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)  # three milestones were missed

    dispatcher = make_dispatcher()
    assert await dispatcher.run_due(back_up) == 3
    assert await dispatcher.run_due(back_up + timedelta(minutes=1)) == 0

    texts = sender.texts()
    assert "verlaat: deze herinnering was voor maandag 7 december 2026" in texts[0]
    assert "verlaat: deze herinnering was voor maandag 4 januari" in texts[1]
    assert "verlaat: deze herinnering was voor maandag 18 januari" in texts[2]
    assert "Het programma van de peer review" in texts[2]
    rows = await reminder_rows(uow_factory, status=ReminderStatus.LATE_SENT)
    assert [row.key for row in rows] == ["kritische-reflectie", "vraagstukken", "programma"]


async def test_later_the_same_day_a_reminder_says_it_was_for_this_morning(
    bound_chat, plan_review, make_dispatcher, sender
):
    chat = await bound_chat()
    await plan_review(chat, VISIT, PLANNED_ON)

    await make_dispatcher().run_due(FIRST_DUE + timedelta(hours=3))

    assert "verlaat: deze herinnering was voor vandaag 09:00" in sender.texts()[0]


async def test_a_claim_left_by_a_dispatcher_that_died_is_reclaimed_and_sent_once(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    chat = await bound_chat()
    await plan_review(chat, VISIT, PLANNED_ON)
    async with uow_factory() as uow:  # the first process claims, then dies before sending
        (claimed,) = await uow.reminders.claim_due(FIRST_DUE, "died")
        await uow.commit()

    restarted = make_dispatcher(worker_id="restarted")
    assert await restarted.run_due(FIRST_DUE + timedelta(minutes=5)) == 0, "may still be sending"
    assert await restarted.run_due(FIRST_DUE + timedelta(minutes=11)) == 1
    assert await restarted.run_due(FIRST_DUE + timedelta(minutes=12)) == 0

    assert len(sender.sent) == 1
    (row,) = await reminder_rows(uow_factory, id=claimed.id)
    assert row.status == ReminderStatus.SENT and row.claimed_by == "restarted"


# cancelling and planning again


async def test_a_cancelled_review_sends_nothing_more(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    chat = await bound_chat()
    review, _ = await plan_review(chat, VISIT, PLANNED_ON)
    dispatcher = make_dispatcher()
    await dispatcher.run_due(FIRST_DUE)

    async with uow_factory() as uow:
        await uow.peer_reviews.cancel(chat.chat_id)
        await uow.commit()

    assert await dispatcher.run_due(datetime(2032, 1, 1, tzinfo=UTC)) == 0
    assert len(sender.sent) == 1
    found = await statuses(uow_factory, peer_review_id=review.id)
    assert found.pop(f"{review.id}:kritische-reflectie") == ReminderStatus.SENT
    assert set(found.values()) == {ReminderStatus.CANCELLED}


async def test_planning_again_replaces_the_future_reminders(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    chat = await bound_chat()
    first, _ = await plan_review(chat, VISIT, PLANNED_ON)
    await plan_review(chat, date(2027, 4, 12), PLANNED_ON + timedelta(days=1))

    await make_dispatcher().run_due(datetime(2027, 1, 20, 12, 0, tzinfo=UTC))

    texts = sender.texts()
    assert len(texts) == 1, "only the new review's first milestone was due"
    assert "op maandag 12 april 2027" in texts[0]
    old = await statuses(uow_factory, peer_review_id=first.id)
    assert set(old.values()) == {ReminderStatus.CANCELLED}


async def test_a_reminder_claimed_while_its_review_was_cancelled_is_not_sent(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    chat = await bound_chat()
    review, _ = await plan_review(chat, VISIT, PLANNED_ON)
    async with uow_factory() as uow:
        review_row = await uow.peer_reviews.get(review.id)
        review_row.status = PeerReviewStatus.CANCELLED  # cancelled by another process
        await uow.commit()

    assert await make_dispatcher().run_due(FIRST_DUE) == 0
    assert sender.sent == []
    found = await statuses(uow_factory, key="kritische-reflectie")
    assert list(found.values()) == [ReminderStatus.CANCELLED]


# chats that are gone, and Telegram hiccups


async def test_a_reminder_for_a_chat_the_bot_was_removed_from_is_undeliverable(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    gone, other = await bound_chat(-1001), await bound_chat(-1002, "Partnerschap Zuid")
    await plan_review(gone, VISIT, PLANNED_ON)
    await plan_review(other, VISIT, PLANNED_ON)
    sender.gone.add(gone.telegram_chat_id)
    dispatcher = make_dispatcher()

    assert await dispatcher.run_due(FIRST_DUE) == 1
    assert await dispatcher.run_due(FIRST_DUE + timedelta(hours=1)) == 0

    assert [place.chat_id for place, _ in sender.sent] == [other.telegram_chat_id]
    rows = await reminder_rows(uow_factory, chat_id=gone.chat_id, key="kritische-reflectie")
    assert rows[0].status == ReminderStatus.UNDELIVERABLE
    calls = sender.calls
    async with uow_factory() as uow:  # what Sender does on Forbidden
        await uow.chats.mark_inactive(gone.telegram_chat_id)
        await uow.commit()
    await dispatcher.run_due(datetime(2027, 1, 4, 8, 0, tzinfo=UTC))
    assert sender.calls == calls + 1, "no call for the inactive chat; one for the other chat"
    rows = await reminder_rows(uow_factory, chat_id=gone.chat_id, key="vraagstukken")
    assert rows[0].status == ReminderStatus.UNDELIVERABLE


async def test_a_transient_error_is_retried_and_given_up_after_five_attempts(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    chat = await bound_chat()
    await plan_review(chat, VISIT, PLANNED_ON)
    dispatcher = make_dispatcher()

    sender.failures_left = 1
    assert await dispatcher.run_due(FIRST_DUE) == 0
    (row,) = await reminder_rows(uow_factory, key="kritische-reflectie")
    assert (row.status, row.attempts) == (ReminderStatus.PENDING, 1)
    assert await dispatcher.run_due(FIRST_DUE + timedelta(minutes=1)) == 1
    assert len(sender.sent) == 1

    sender.failures_left = 100
    second_due = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    for minute in range(7):
        await dispatcher.run_due(second_due + timedelta(minutes=minute))
    (row,) = await reminder_rows(uow_factory, key="vraagstukken")
    assert (row.status, row.attempts) == (ReminderStatus.UNDELIVERABLE, 4)
    assert sender.calls == 2 + 5


# two bot instances on one database


async def test_two_dispatchers_on_one_database_send_each_reminder_once(
    database, engine, bound_chat, plan_review, make_dispatcher, sender
):
    chats = [await bound_chat(-1000 - n, f"Partnerschap {n}") for n in range(12)]
    for chat in chats:
        await plan_review(chat, VISIT, PLANNED_ON)
    second_engine = database.create_engine()  # the other instance has its own connections
    try:
        policy = DispatchPolicy(batch_size=5)

        def second_uow() -> UnitOfWork:
            return UnitOfWork(create_session_factory(second_engine))

        one = make_dispatcher(worker_id="bot-1", policy=policy)
        two = make_dispatcher(worker_id="bot-2", policy=policy, unit_of_work=second_uow)
        moment = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)  # 3 due per chat: 36 in all

        passes = {"bot-1": 0, "bot-2": 0}
        done: set[str] = set()
        turn = asyncio.Condition()

        async def drain(dispatcher, me: str, other: str) -> int:
            """Passes until nothing is left, taking turns so that both instances really work."""
            total = 0
            while True:
                sent = await dispatcher.run_due(moment)
                total += sent
                async with turn:
                    passes[me] += 1
                    turn.notify_all()
                    if not sent:
                        done.add(me)
                        return total
                    await turn.wait_for(lambda: other in done or passes[other] >= passes[me])

        first, second = await asyncio.gather(
            drain(one, "bot-1", "bot-2"), drain(two, "bot-2", "bot-1")
        )
    finally:
        await second_engine.dispose()

    assert first + second == 36
    assert first and second, "both instances took part"
    per_chat_and_text = [(place.chat_id, text) for place, text in sender.sent]
    assert len(set(per_chat_and_text)) == len(per_chat_and_text) == 36


# the next cycle


async def test_the_next_cycle_is_planned_when_the_last_milestone_is_sent(
    bound_chat, plan_review, make_dispatcher, sender, uow_factory
):
    chat = await bound_chat()
    await plan_review(chat, VISIT, PLANNED_ON, thread_id=7)
    dispatcher = make_dispatcher()
    await dispatcher.run_due(datetime(2027, 3, 16, tzinfo=UTC))  # everything up to the report
    sender.sent.clear()

    next_cycle = datetime(2030, 12, 7, 8, 0, tzinfo=UTC)  # T + 4 years − 12 weeks, 09:00
    assert await dispatcher.run_due(next_cycle) == 1
    place, text = sender.sent[0]
    assert place.thread_id == 7
    assert "Een nieuwe cyclus van peer review begint" in text
    assert "alvast gepland op zaterdag 1 maart 2031" in text

    async with uow_factory() as uow:
        reviews = list(await uow.session.scalars(select(PeerReview).order_by(PeerReview.id)))
    assert [(r.status, r.cycle, r.visit_date) for r in reviews] == [
        (PeerReviewStatus.COMPLETED, 1, VISIT),
        (PeerReviewStatus.PLANNED, 2, date(2031, 3, 1)),
    ]
    following = await reminder_rows(uow_factory, peer_review_id=reviews[1].id)
    assert [row.key for row in following][:2] == ["vraagstukken", "programma"]
    assert "kritische-reflectie" not in [row.key for row in following], "said just now"
    assert all(row.message_thread_id == 7 for row in following)
    assert following[0].payload["cycle"] == 2

    assert await dispatcher.run_due(datetime(2031, 1, 4, 8, 0, tzinfo=UTC)) == 1
    assert "Nog acht weken tot de peer review van zaterdag 1 maart 2031" in sender.texts()[-1]


# async-mode runs


async def test_deadlines_and_nudges_of_a_run_become_engine_events(
    bound_chat, make_dispatcher, uow_factory
):
    chat = await bound_chat()
    async with uow_factory() as uow:
        run = await uow.runs.start(
            chat_id=chat.chat_id,
            thread_id=None,
            flow_id="visie-op-beroep",
            flow_version=1,
            flow_hash="sha256:test",
            scope="partnership",
            partnership_id=chat.partnership_id,
            region_id=chat.region_id,
            mode="async",
            pace_days=2,
            started_by_member_id=chat.members["Anna"],
            state={},
        )
        deadline = PLANNED_ON + timedelta(days=2)
        payload = {"card_number": 1}
        await uow.reminders.schedule(
            chat.chat_id,
            None,
            "nudge",
            "card-1",
            deadline - timedelta(days=1),
            payload,
            None,
            run.id,
        )
        await uow.reminders.schedule(
            chat.chat_id, None, "card_deadline", "card-1", deadline, payload, None, run.id
        )
        await uow.commit()
    runs = FakeRuns()
    dispatcher = make_dispatcher(runs=runs)

    assert await dispatcher.run_due(deadline - timedelta(hours=1)) == 1
    assert await dispatcher.run_due(deadline) == 1

    (place, nudge, nudge_run), (_, reached, deadline_run) = runs.events
    assert place.chat_id == chat.telegram_chat_id and nudge_run == deadline_run == run.id
    assert isinstance(nudge, NudgeDue) and nudge.card_number == 1
    assert sorted(m.first_name for m in nudge.members) == ["Anna", "Bram", "Cees"]
    assert reached == DeadlineReached(1, deadline)
    found = await statuses(uow_factory, run_id=run.id)
    assert set(found.values()) == {ReminderStatus.SENT}


# the loop


async def test_the_loop_sends_when_woken_and_stops_cleanly(
    bound_chat, plan_review, make_dispatcher, sender, clock
):
    chat = await bound_chat()
    await plan_review(chat, VISIT, PLANNED_ON)
    dispatcher = make_dispatcher()
    dispatcher.start()
    try:
        clock.now = FIRST_DUE
        dispatcher.wake_up()
        await asyncio.wait_for(sender.delivered.wait(), timeout=10)
    finally:
        await dispatcher.stop()
    assert len(sender.sent) == 1
