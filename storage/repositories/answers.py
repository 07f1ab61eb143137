"""Answers: one row per answer message, kept per run, card and question."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Answer, Run, utcnow
from storage.repositories._dialect import upsert_insert

__all__ = ["AnswerRepository"]


class AnswerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def store(
        self,
        run_id: int,
        card_number: int,
        question_id: str,
        member_id: int,
        telegram_chat_id: int,
        message_id: int,
        text: str,
    ) -> tuple[Answer, bool]:
        """Store an answer message once: Telegram may deliver the same update twice.

        Returns the answer and whether this call created it; a repeated message changes nothing.
        """
        inserted = await self._session.scalar(
            upsert_insert(self._session, Answer)
            .values(
                run_id=run_id,
                card_number=card_number,
                question_id=question_id,
                member_id=member_id,
                telegram_chat_id=telegram_chat_id,
                message_id=message_id,
                text=text,
            )
            .on_conflict_do_nothing(index_elements=[Answer.telegram_chat_id, Answer.message_id])
            .returning(Answer),
            execution_options={"populate_existing": True},
        )
        if inserted is not None:
            return inserted, True
        answer = await self._by_message(telegram_chat_id, message_id)
        assert answer is not None
        return answer, False

    async def store_all(self, answers: Sequence[dict]) -> None:
        """Store several answer messages in one call, each once (see `store`); each dict has
        run_id, telegram_chat_id, card_number, question_id, member_id, message_id and text."""
        await self._session.execute(
            upsert_insert(self._session, Answer).on_conflict_do_nothing(
                index_elements=[Answer.telegram_chat_id, Answer.message_id]
            ),
            answers,
        )

    async def edit(self, telegram_chat_id: int, message_id: int, text: str) -> Answer | None:
        """Follow an edited answer message; None when the message was not an answer."""
        answer = await self._by_message(telegram_chat_id, message_id)
        if answer is None:
            return None
        answer.text = text
        answer.edited_at = utcnow()
        await self._session.flush()
        return answer

    async def of_run(self, run_id: int, card_number: int | None = None) -> Sequence[Answer]:
        """In the order given; each answer's `member` is loaded (first names for attribution)."""
        statement = select(Answer).where(Answer.run_id == run_id)
        if card_number is not None:
            statement = statement.where(Answer.card_number == card_number)
        result = await self._session.scalars(statement.order_by(Answer.created_at, Answer.id))
        return result.all()

    async def questions_of_messages(
        self, telegram_chat_id: int, message_ids: Sequence[int]
    ) -> list[tuple[int, str, int | None]]:
        """The (run, question, the run's topic) these answer messages of the chat answered,
        each once, in the order they were first answered."""
        if not message_ids:
            return []
        result = await self._session.execute(
            select(Answer.run_id, Answer.question_id, Run.message_thread_id)
            .join(Run, Run.id == Answer.run_id)
            .where(
                Answer.telegram_chat_id == telegram_chat_id,
                Answer.message_id.in_(message_ids),
            )
            .group_by(Answer.run_id, Answer.question_id, Run.message_thread_id)
            .order_by(func.min(Answer.id))
        )
        return [tuple(found) for found in result]

    async def of_member(self, member_id: int) -> Sequence[Answer]:
        result = await self._session.scalars(
            select(Answer)
            .where(Answer.member_id == member_id)
            .order_by(Answer.created_at, Answer.id)
        )
        return result.all()

    async def delete_of_member(self, member_id: int) -> int:
        """Erase every answer of a member (/vergeetmij); returns how many were erased."""
        result = await self._session.execute(
            delete(Answer)
            .where(Answer.member_id == member_id)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount

    async def _by_message(self, telegram_chat_id: int, message_id: int) -> Answer | None:
        return await self._session.scalar(
            select(Answer).where(
                Answer.telegram_chat_id == telegram_chat_id, Answer.message_id == message_id
            )
        )
