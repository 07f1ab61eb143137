"""Votes on choice and rating questions: one per member per item, changeable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Vote, utcnow
from storage.repositories._dialect import upsert_insert

__all__ = ["VoteRepository"]


class VoteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def cast(
        self,
        run_id: int,
        card_number: int,
        question_id: str,
        item_id: str,
        member_id: int,
        value: Any,
    ) -> Vote:
        """Record the member's vote, replacing an earlier one on the same question and item.

        `item_id` is "" for a plain choice question and the rating item's id otherwise; `value`
        is a list of option ids (choice, multi) or an int (rating).
        """
        now = utcnow()
        statement = (
            upsert_insert(self._session, Vote)
            .values(
                run_id=run_id,
                card_number=card_number,
                question_id=question_id,
                item_id=item_id,
                member_id=member_id,
                value=value,
                updated_at=now,
            )
            .on_conflict_do_update(
                index_elements=[Vote.run_id, Vote.question_id, Vote.item_id, Vote.member_id],
                set_={"value": value, "card_number": card_number, "updated_at": now},
            )
            .returning(Vote.id)
        )
        vote_id = (await self._session.execute(statement)).scalar_one()
        vote = await self._session.get(Vote, vote_id, populate_existing=True)
        assert vote is not None
        return vote

    async def of_question(self, run_id: int, question_id: str) -> Sequence[Vote]:
        """The votes of one question: what deciding a vote needs, however big the run is."""
        result = await self._session.scalars(
            select(Vote)
            .where(Vote.run_id == run_id, Vote.question_id == question_id)
            .order_by(Vote.item_id, Vote.id)
        )
        return result.all()

    async def of_run(self, run_id: int, card_number: int | None = None) -> Sequence[Vote]:
        statement = select(Vote).where(Vote.run_id == run_id)
        if card_number is not None:
            statement = statement.where(Vote.card_number == card_number)
        result = await self._session.scalars(
            statement.order_by(Vote.question_id, Vote.item_id, Vote.id)
        )
        return result.all()

    async def of_member(self, member_id: int) -> Sequence[Vote]:
        result = await self._session.scalars(
            select(Vote).where(Vote.member_id == member_id).order_by(Vote.updated_at, Vote.id)
        )
        return result.all()

    async def delete_of_member(self, member_id: int) -> int:
        result = await self._session.execute(
            delete(Vote)
            .where(Vote.member_id == member_id)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount
