"""Turning an outcome card's action points and decisions into ledger items.

Called inside the run's transaction, right after the card is stored, so an item exists exactly
when its card does. A card written again (a retry, a member's data erased) adds nothing twice:
the ledger remembers which cards named each item.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ledger.reminders import schedule_for_item
from flows.ledger import Person, due_date, is_near_duplicate, owner_of
from flows.synthesis import OutcomeCard
from storage import Chat, ChatKind, UnitOfWork
from storage import OutcomeCard as OutcomeRow
from storage.repositories.actions import OPEN_STATUSES, Ledger

__all__ = ["ledger_of_chat", "record_actions"]


def ledger_of_chat(chat: Chat) -> Ledger:
    """A partnership group reads its partnership's ledger; a region group its own items."""
    if chat.kind == ChatKind.PARTNERSHIP and chat.partnership_id is not None:
        return Ledger(chat.partnership_id, None)
    if chat.kind == ChatKind.REGION and chat.region_id is not None:
        return Ledger(None, chat.region_id)
    return Ledger(None, None)


async def record_actions(
    uow: UnitOfWork, row: OutcomeRow, outcome: OutcomeCard, now: datetime | None = None
) -> int:
    """Record the card's items; returns how many new items the ledger got."""
    if not outcome.actions:
        return 0
    now = now or datetime.now(UTC)
    ledger = Ledger.of(row.partnership_id, row.region_id)
    if not ledger.known:
        return 0
    every = await uow.actions.of_ledger(ledger, include_closed=True)
    if any(row.id in item.sources for item in every):
        return 0  # the card was written again: its items are in the ledger already
    run = await uow.runs.get(row.run_id)
    people = [
        Person(m.id, m.first_name, m.username)
        for m in await uow.members.members_of_chat(row.chat_id)
    ]
    answered = await uow.answers.of_run(row.run_id, row.card_number)
    existing = [item for item in every if item.status in OPEN_STATUSES]
    added = 0
    for listed in outcome.actions:
        # Names on a card are first names; the members are those who answered this question.
        by_name = {}
        for answer in answered:
            if answer.question_id == listed.question_id:
                by_name.setdefault(answer.member.first_name, answer.member_id)
        for said in listed.items:
            proposers = [by_name[name] for name in said.names if name in by_name]
            twin = next((i for i in existing if is_near_duplicate(i.text, said.text)), None)
            if twin is not None:
                await uow.actions.merge_source(twin, row.id, proposers, now)
                continue
            owner = owner_of(said.text, people)
            item = await uow.actions.add(
                chat_id=row.chat_id,
                ledger=ledger,
                run_id=row.run_id,
                outcome_card_id=row.id,
                flow_id=row.flow_id,
                card_number=row.card_number,
                question_id=listed.question_id,
                kind=listed.kind,
                text=said.text,
                owner_member_id=owner.id if owner else (proposers[0] if proposers else None),
                due_date=due_date(said.text, now.date()),
                proposer_ids=proposers,
                at=now,
            )
            existing.append(item)
            added += 1
            await schedule_for_item(
                uow, item, run.message_thread_id if run is not None else None, now
            )
    return added
