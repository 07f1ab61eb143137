"""Reminders of the ledger, through the persisted reminder table and its dispatcher.

- `action_due`: a few days before an item's due date, in the group, naming its owner.
- `actions_overdue`: the day after a due date passed, and then once a week while any item of
  the ledger is overdue: one message listing them all. One such reminder waits per chat.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.conductor.places import Place
from bot.i18n import translator
from bot.ledger.texts import due_message, item_line, overdue_message
from flows.peer_review.timeline import AMSTERDAM, SEND_AT
from storage import ActionItem, ActionStatus, Reminder, ReminderStatus, UnitOfWork

__all__ = [
    "ACTIONS_OVERDUE",
    "ACTION_DUE",
    "DAYS_BEFORE_DUE",
    "LEDGER_REMINDERS",
    "deliver_ledger_reminder",
    "open_actions_text",
    "schedule_for_item",
]

ACTION_DUE = "action_due"
ACTIONS_OVERDUE = "actions_overdue"
LEDGER_REMINDERS = (ACTION_DUE, ACTIONS_OVERDUE)
DAYS_BEFORE_DUE = 3
OPEN = (ActionStatus.OPEN, ActionStatus.BEZIG)


def at_nine(day: date, tz: ZoneInfo = AMSTERDAM) -> datetime:
    return datetime.combine(day, SEND_AT, tz).astimezone(ZoneInfo("UTC"))


async def schedule_for_item(
    uow: UnitOfWork, item: ActionItem, thread_id: int | None, now: datetime
) -> None:
    """The heads-up before the due date and the overdue listing after it. The caller commits."""
    if item.due_date is None:
        return
    heads_up = at_nine(item.due_date - timedelta(days=DAYS_BEFORE_DUE))
    if heads_up > now:
        await uow.reminders.schedule(
            item.chat_id, thread_id, ACTION_DUE, f"action:{item.id}", heads_up, {"item_id": item.id}
        )
    await _overdue_listing(uow, item.chat_id, thread_id, at_nine(item.due_date + timedelta(days=1)))


async def _overdue_listing(
    uow: UnitOfWork, chat_id: int, thread_id: int | None, due_at: datetime
) -> None:
    """At most one overdue listing waits per chat: the earliest one wins."""
    waiting = await uow.session.scalar(
        select(Reminder).where(
            Reminder.chat_id == chat_id,
            Reminder.kind == ACTIONS_OVERDUE,
            Reminder.status == ReminderStatus.PENDING,
        )
    )
    if waiting is not None:
        if due_at < waiting.due_at:
            waiting.due_at = due_at
        return
    await uow.reminders.schedule(chat_id, thread_id, ACTIONS_OVERDUE, "actions:overdue", due_at)


async def deliver_ledger_reminder(
    unit_of_work: Callable[[], UnitOfWork],
    sender,
    reminder: Reminder,
    now: datetime,
    *,
    tz: ZoneInfo = AMSTERDAM,
    language: str = "nl",
) -> ReminderStatus:
    """Send one ledger reminder (or nothing, when the item was done meanwhile)."""
    # Local import: the ledger's ledger-of-chat lives beside the recording, which imports us.
    from bot.ledger.recording import ledger_of_chat

    today = now.astimezone(tz).date()
    async with unit_of_work() as uow:
        chat = await uow.chats.get_by_id(reminder.chat_id)
        if chat is None or not chat.active:
            return ReminderStatus.UNDELIVERABLE
        t = translator(chat.language or language)
        text = None
        if reminder.kind == ACTION_DUE:
            item = await uow.actions.get(int(reminder.payload.get("item_id", 0)))
            if item is not None and item.status in OPEN and item.due_date is not None:
                owner = await uow.actions.member(item.owner_member_id)
                text = due_message(item, owner, t)
        else:
            overdue = await uow.actions.overdue(ledger_of_chat(chat), today)
            if overdue:
                owners = await uow.actions.owners(overdue)
                text = overdue_message(overdue, owners, today, t)
                # Once a week while any is overdue.
                await _overdue_listing(
                    uow, chat.id, reminder.message_thread_id, at_nine(today + timedelta(days=7))
                )
            else:
                upcoming = [
                    i.due_date
                    for i in await uow.actions.of_ledger(ledger_of_chat(chat))
                    if i.due_date is not None
                ]
                if upcoming:
                    first = at_nine(min(upcoming) + timedelta(days=1))
                    await _overdue_listing(uow, chat.id, reminder.message_thread_id, first)
        place = Place(chat.telegram_chat_id, reminder.message_thread_id)
        await uow.commit()
    # No transaction stays open across a Telegram call.
    if text is not None:
        await sender.html(place, text)
    return ReminderStatus.SENT


MILESTONE_ITEMS_AT_MOST = 10


async def open_actions_text(uow: UnitOfWork, chat, t) -> str | None:
    """The open items of the chat's ledger, for a peer-review reminder; None without any."""
    from bot.ledger.recording import ledger_of_chat

    items = await uow.actions.of_ledger(ledger_of_chat(chat))
    if not items:
        return None
    lines = [t("actions.milestone")]
    shown = items[:MILESTONE_ITEMS_AT_MOST]
    owners = await uow.actions.owners(shown)
    for number, item in enumerate(shown, start=1):
        lines.append(item_line(number, item, (), t, with_owner=True, owner=owners[item.id]))
    if len(items) > MILESTONE_ITEMS_AT_MOST:
        lines.append(t("actions.milestone_more", count=len(items) - MILESTONE_ITEMS_AT_MOST))
    return "\n".join(lines)
