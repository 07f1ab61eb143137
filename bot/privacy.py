"""A member's own data: what is stored about them, erasing it everywhere, and forgetting old
runs.

Erasing answers is not enough: outcome cards were synthesized from them and are stored,
shown by /samenvatting, rendered into exports and quoted by region cards. So every card the
member contributed to is synthesized again from what remains, with a note that a contribution
was removed; then every region card that may quote those cards is synthesized again too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from bot.conductor.outcomes import Rendered, context_outcomes
from bot.i18n import translator
from bot.runtime import Services
from flows.responses import Answer, Member, Responses, Vote
from flows.synthesis import OutcomeCard, synthesize
from storage import OutcomeCard as OutcomeRow
from storage import UnitOfWork
from storage.repositories.personal_data import PersonalDataRepository

__all__ = ["Erased", "RetentionKeeper", "erase_member", "forget_old_runs", "stored_about"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erased:
    answers: int
    votes: int
    cards: int


async def erase_member(services: Services, telegram_user_id: int) -> Erased:
    async with services.unit_of_work() as uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if member is None:
            return Erased(0, 0, 0)
        data = PersonalDataRepository(uow.session)
        touched = await data.cards_with_contributions(member.id)
        answers = await uow.answers.delete_of_member(member.id)
        votes = await uow.votes.delete_of_member(member.id)
        # Action points stay the partnership's; the member is no longer named on them.
        await uow.actions.forget_member(member.id)
        rows = list(await data.outcome_cards_of(touched))
        for row in rows:
            await _synthesize_again(services, uow, row)
        regions = sorted({row.region_id for row in rows if row.region_id is not None})
        quoting = [r for r in await data.region_cards_drawing_on(regions) if r not in rows]
        for row in quoting:
            await _synthesize_again(services, uow, row, quoted_only=True)
        await uow.commit()
    log.info(
        "member %s erased: %d answers, %d votes, %d cards", member.id, answers, votes, len(rows)
    )
    return Erased(answers, votes, len(rows))


async def _synthesize_again(
    services: Services, uow: UnitOfWork, row: OutcomeRow, *, quoted_only: bool = False
) -> None:
    run = await uow.runs.get(row.run_id)
    if run is None:
        return
    flow = await services.runs.flow_of(uow, run)
    card = flow.card(row.card_number)
    if card is None:
        return
    responses = await _responses(uow, run.id, row.card_number)
    partnerships = await context_outcomes(uow, flow, card, row.region_id, kind="partnerships")
    chat = await uow.chats.get_by_id(row.chat_id)
    language = (chat.language if chat else None) or services.settings.bot_language
    removed = translator(language).plain("outcome.contribution_removed")

    def make() -> tuple[OutcomeCard, Rendered]:
        # Synthesis and rendering are CPU work: in a worker thread, not on the event loop.
        outcome = synthesize(flow, card, responses, partnerships)
        if not quoted_only or outcome.to_dict() != _without_narrative(row.data):
            outcome = replace(outcome, narrative=removed)
        else:
            outcome = OutcomeCard.from_dict(row.data)
        return outcome, services.outcomes.rendered(outcome, card.outcome.template, language)

    outcome, rendered = await asyncio.to_thread(make)
    row.data = outcome.to_dict()
    row.text = rendered.text
    row.markdown, row.markdown_edition = rendered.markdown
    row.title = outcome.title
    await uow.session.flush()


def _without_narrative(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "narrative": None}


async def _responses(uow: UnitOfWork, run_id: int, card_number: int) -> Responses:
    answers = await uow.answers.of_run(run_id, card_number)
    votes = await uow.votes.of_run(run_id, card_number)
    return Responses.of(
        (
            Answer(
                a.card_number,
                a.question_id,
                Member(a.member.id, a.member.first_name),
                a.text,
                a.message_id,
            )
            for a in answers
        ),
        (
            Vote(
                v.card_number,
                v.question_id,
                Member(v.member.id, v.member.first_name),
                tuple(v.value) if isinstance(v.value, list) else v.value,
                v.item_id,
            )
            for v in votes
        ),
    )


async def stored_about(services: Services, telegram_user_id: int) -> dict[str, Any]:
    """Everything stored about a member, as plain data for /mijngegevens."""
    async with services.unit_of_work() as uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if member is None:
            return {"telegram_user_id": telegram_user_id, "stored": False}
        data = PersonalDataRepository(uow.session)
        answers = await uow.answers.of_member(member.id)
        votes = await uow.votes.of_member(member.id)
        chats = await data.chats_of(member.id)
        cards = await data.outcome_cards_naming(member.id, member.first_name)
        items = await uow.actions.of_member(member.id)
        proposed = {
            item.id: {p.member_id for p in await uow.actions.proposers_of(item.id)}
            for item in items
        }
    return {
        "telegram_user_id": telegram_user_id,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "username": member.username,
        "first_seen": member.created_at.isoformat(),
        "chats": [{"chat": c.telegram_chat_id, "title": c.title} for c in chats],
        "answers": [
            {
                "chat": a.telegram_chat_id,
                "run": a.run_id,
                "card": a.card_number,
                "question": a.question_id,
                "text": a.text,
                "at": a.created_at.isoformat(),
            }
            for a in answers
        ],
        "votes": [
            {
                "run": v.run_id,
                "card": v.card_number,
                "question": v.question_id,
                "item": v.item_id,
                "value": v.value,
            }
            for v in votes
        ],
        "outcome_cards_naming_you": [
            {"run": c.run_id, "card": c.card_number, "title": c.title, "text": c.text}
            for c in cards
        ],
        "action_points": [
            {
                "text": item.text,
                "owner": item.owner_member_id == member.id,
                "proposed_by_you": member.id in proposed[item.id],
                "status": item.status,
                "due": item.due_date.isoformat() if item.due_date else None,
                "flow": item.flow_id,
                "card": item.card_number,
            }
            for item in items
        ],
    }


async def forget_old_runs(services: Services, days: int) -> int:
    """Remove runs (with their answers, votes and cards) that ended more than `days` ago."""
    cutoff = services.clock() - timedelta(days=days)
    async with services.unit_of_work() as uow:
        removed = await PersonalDataRepository(uow.session).delete_runs_older_than(cutoff)
        await uow.commit()
    if removed:
        log.info("DATA_RETENTION_DAYS=%d: removed %d run(s) older than %s", days, removed, cutoff)
    return removed


class RetentionKeeper:
    """Applies DATA_RETENTION_DAYS at start and then once a day; a restart starts it again, so
    nothing about it needs to survive one."""

    INTERVAL = timedelta(days=1)

    def __init__(self, services: Services, days: int) -> None:
        self._services = services
        self._days = days
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="retention")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await forget_old_runs(self._services, self._days)
            except Exception:
                log.exception("applying DATA_RETENTION_DAYS failed; trying again tomorrow")
            await asyncio.sleep(self.INTERVAL.total_seconds())
