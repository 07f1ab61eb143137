"""Conversation runs, their serialised engine state, and the question messages they posted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    NO_THREAD,
    OPEN_RUN_STATUSES,
    QuestionMessage,
    Run,
    RunMode,
    RunScope,
    RunStatus,
)
from storage.repositories._dialect import upsert_insert

__all__ = ["RunAlreadyActive", "RunRepository"]


class RunAlreadyActive(Exception):
    """A chat (topic) has one active or paused run at a time."""

    def __init__(self, run: Run | None) -> None:
        self.run = run
        flow = f" of {run.flow_id}" if run is not None else ""
        super().__init__(f"a run{flow} is already active in this chat")


def _thread_key(thread_id: int | None) -> int:
    return NO_THREAD if thread_id is None else thread_id


class RunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def start(
        self,
        *,
        chat_id: int,
        thread_id: int | None,
        flow_id: str,
        flow_version: int,
        flow_hash: str,
        scope: str,
        partnership_id: int | None,
        region_id: int | None,
        mode: str = RunMode.LIVE,
        pace_days: int | None = None,
        started_by_member_id: int | None = None,
        state: dict[str, Any] | None = None,
    ) -> Run:
        """A new active run; `RunAlreadyActive` when the chat (topic) has an open one."""
        current = await self.active_in(chat_id, thread_id)
        if current is not None:
            raise RunAlreadyActive(current)
        run = Run(
            chat_id=chat_id,
            message_thread_id=thread_id,
            thread_key=_thread_key(thread_id),
            flow_id=flow_id,
            flow_version=flow_version,
            flow_hash=flow_hash,
            scope=RunScope(scope),
            partnership_id=partnership_id,
            region_id=region_id,
            status=RunStatus.ACTIVE,
            mode=RunMode(mode),
            pace_days=pace_days,
            state=state or {},
            version=1,
            started_by_member_id=started_by_member_id,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(run)
        except IntegrityError as error:
            # Another task started one between our check and our insert.
            raise RunAlreadyActive(None) from error
        return run

    async def active_in(self, chat_id: int, thread_id: int | None) -> Run | None:
        """The active or paused run of this chat (topic), if any."""
        return await self._session.scalar(
            select(Run).where(
                Run.chat_id == chat_id,
                Run.thread_key == _thread_key(thread_id),
                Run.status.in_(OPEN_RUN_STATUSES),
            )
        )

    async def get(self, run_id: int) -> Run | None:
        return await self._session.get(Run, run_id)

    async def get_all(self, run_ids: Iterable[int]) -> dict[int, Run]:
        """The runs with these ids, by id (known ones only), in one statement."""
        result = await self._session.scalars(select(Run).where(Run.id.in_(set(run_ids))))
        return {run.id: run for run in result}

    async def save_state(
        self,
        run_id: int,
        expected_version: int,
        state: dict[str, Any],
        status: str,
        finished_at: datetime | None = None,
    ) -> bool:
        """Store the engine's new state if nobody saved since `expected_version` was read.

        False means another task got there first: reload the run and decide again.
        """
        result = await self._session.execute(
            update(Run)
            .where(Run.id == run_id, Run.version == expected_version)
            .values(
                state=state,
                status=RunStatus(status),
                finished_at=finished_at,
                version=expected_version + 1,
            )
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1

    async def move_versions_on(self, versions: Mapping[int, int]) -> bool:
        """Each run's version one on, its state kept — run id: the version read — in one
        statement. False when another instance saved any of them since: do not commit."""
        if not versions:
            return True
        result = await self._session.execute(
            update(Run)
            .where(tuple_(Run.id, Run.version).in_(list(versions.items())))
            .values(version=Run.version + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == len(versions)

    async def runs_of_chat(self, chat_id: int) -> Sequence[Run]:
        """Newest first."""
        result = await self._session.scalars(
            select(Run).where(Run.chat_id == chat_id).order_by(Run.started_at.desc(), Run.id.desc())
        )
        return result.all()

    async def record_question_message(
        self,
        run_id: int,
        telegram_chat_id: int,
        message_id: int,
        card_number: int,
        question_id: str,
    ) -> QuestionMessage:
        """Remember which question a posted message asks; recording it twice is harmless."""
        await self._session.execute(
            upsert_insert(self._session, QuestionMessage)
            .values(
                run_id=run_id,
                telegram_chat_id=telegram_chat_id,
                message_id=message_id,
                card_number=card_number,
                question_id=question_id,
            )
            .on_conflict_do_nothing(
                index_elements=[QuestionMessage.telegram_chat_id, QuestionMessage.message_id]
            )
        )
        recorded = await self.question_for_message(telegram_chat_id, message_id)
        assert recorded is not None
        return recorded

    async def question_for_message(
        self, telegram_chat_id: int, message_id: int
    ) -> QuestionMessage | None:
        return await self._session.scalar(
            select(QuestionMessage).where(
                QuestionMessage.telegram_chat_id == telegram_chat_id,
                QuestionMessage.message_id == message_id,
            )
        )

    async def questions_for_messages(
        self, messages: Iterable[tuple[int, int]]
    ) -> dict[tuple[int, int], QuestionMessage]:
        """The question each of these bot messages — (telegram chat, message id) — asks, by
        the same pair (known ones only)."""
        result = await self._session.scalars(
            select(QuestionMessage).where(
                tuple_(QuestionMessage.telegram_chat_id, QuestionMessage.message_id).in_(
                    set(messages)
                )
            )
        )
        return {(question.telegram_chat_id, question.message_id): question for question in result}

    async def question_messages_of_run(self, run_id: int) -> Sequence[QuestionMessage]:
        result = await self._session.scalars(
            select(QuestionMessage)
            .where(QuestionMessage.run_id == run_id)
            .order_by(QuestionMessage.posted_at, QuestionMessage.id)
        )
        return result.all()
