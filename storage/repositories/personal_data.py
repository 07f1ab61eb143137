"""What is stored about one member, and what time may erase: the queries behind /mijngegevens,
/vergeetmij and DATA_RETENTION_DAYS."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Answer, Chat, ChatMember, OutcomeCard, Run, Vote

__all__ = ["PersonalDataRepository"]


class PersonalDataRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def cards_with_contributions(self, member_id: int) -> list[tuple[int, int]]:
        """(run, card number) of every card the member answered or voted on."""
        answered = select(Answer.run_id, Answer.card_number).where(Answer.member_id == member_id)
        voted = select(Vote.run_id, Vote.card_number).where(Vote.member_id == member_id)
        rows = (await self._session.execute(answered.union(voted))).all()
        return sorted({(run_id, card) for run_id, card in rows})

    async def outcome_cards_of(self, pairs: Sequence[tuple[int, int]]) -> Sequence[OutcomeCard]:
        if not pairs:
            return []
        conditions = [
            (OutcomeCard.run_id == run_id) & (OutcomeCard.card_number == card)
            for run_id, card in pairs
        ]
        result = await self._session.scalars(
            select(OutcomeCard).where(or_(*conditions)).order_by(OutcomeCard.id)
        )
        return result.all()

    async def region_cards_drawing_on(self, region_ids: Sequence[int]) -> Sequence[OutcomeCard]:
        """Outcome cards of region groups in these regions: they may quote partnerships."""
        if not region_ids:
            return []
        result = await self._session.scalars(
            select(OutcomeCard)
            .join(Chat, Chat.id == OutcomeCard.chat_id)
            .where(Chat.kind == "region", OutcomeCard.region_id.in_(region_ids))
            .order_by(OutcomeCard.id)
        )
        return result.all()

    async def outcome_cards_naming(self, member_id: int, first_name: str) -> Sequence[OutcomeCard]:
        """Stored cards of the chats the member was seen in that carry their first name."""
        seen_in = select(ChatMember.chat_id).where(ChatMember.member_id == member_id)
        result = await self._session.scalars(
            select(OutcomeCard)
            .where(OutcomeCard.chat_id.in_(seen_in), OutcomeCard.text.contains(first_name))
            .order_by(OutcomeCard.id)
        )
        return result.all()

    async def chats_of(self, member_id: int) -> Sequence[Chat]:
        result = await self._session.scalars(
            select(Chat)
            .join(ChatMember, ChatMember.chat_id == Chat.id)
            .where(ChatMember.member_id == member_id)
            .order_by(Chat.id)
        )
        return result.all()

    async def delete_runs_older_than(self, cutoff: datetime) -> int:
        """Runs that ended (or, still open, started) before `cutoff`, with everything that
        belongs to them: answers, votes, outcome cards, question messages, reminders."""
        last_activity = func.coalesce(Run.finished_at, Run.started_at)
        old = (await self._session.scalars(select(Run.id).where(last_activity < cutoff))).all()
        if not old:
            return 0
        for model in (Answer, Vote, OutcomeCard):
            await self._session.execute(delete(model).where(model.run_id.in_(old)))
        await self._session.execute(delete(Run).where(Run.id.in_(old)))
        return len(old)
