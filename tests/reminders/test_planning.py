"""A planned review becomes one pending reminder per milestone still to come."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.reminders import MILESTONE, MilestonePayload, schedule_milestones
from flows.peer_review import load_timeline, plan
from storage import ReminderStatus

TIMELINE = load_timeline()


async def test_each_milestone_still_to_come_gets_a_reminder_at_nine(uow_factory, bound_chat):
    chat = await bound_chat()
    planned_on = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)  # two milestones are already past
    visit = date(2027, 3, 1)
    planned = plan(visit, planned_on, TIMELINE)
    async with uow_factory() as uow:
        review = await uow.peer_reviews.plan(
            chat.chat_id, chat.partnership_id, chat.region_id, visit, None
        )
        count = await schedule_milestones(uow, review, planned, 42)
        await uow.commit()
        rows = await uow.reminders.upcoming_for_chat(chat.chat_id)

    assert count == len(rows) == len(TIMELINE.milestones) - 2
    assert [row.key for row in rows[:2]] == ["programma", "stukken-naar-panel"]
    first = rows[0]
    assert (first.kind, first.status, first.message_thread_id) == (
        MILESTONE,
        ReminderStatus.PENDING,
        42,
    )
    assert first.peer_review_id == review.id
    assert first.due_at == datetime(2027, 1, 18, 8, 0, tzinfo=UTC)
    assert MilestonePayload.from_dict(first.payload) == MilestonePayload(
        "programma", "Het programma van de peer review", visit, date(2027, 1, 18), 1
    )


async def test_only_milestones_after_a_moment_when_asked(uow_factory, bound_chat):
    chat = await bound_chat()
    visit = date(2031, 3, 1)
    planned = plan(visit, datetime(2030, 12, 7, 8, 0, tzinfo=UTC), TIMELINE)
    async with uow_factory() as uow:
        review = await uow.peer_reviews.plan(
            chat.chat_id, chat.partnership_id, chat.region_id, visit, None, cycle=2
        )
        await schedule_milestones(
            uow, review, planned, None, after=datetime(2030, 12, 7, 8, 0, tzinfo=UTC)
        )
        await uow.commit()
        rows = await uow.reminders.upcoming_for_chat(chat.chat_id)
    assert rows[0].key == "vraagstukken"
    assert rows[0].payload["cycle"] == 2
