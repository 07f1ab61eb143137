"""The unit of work: one session, one transaction, nothing kept unless `commit()` is called.

    async with UnitOfWork(session_factory) as uow:
        chat = await uow.chats.get_or_create(telegram_chat_id, title)
        await uow.commit()

Leaving the block without committing (returning early, or an exception) rolls everything back.
Objects read inside stay readable after the block. Keep the block short: on SQLite it holds
the database's write lock until it ends (the writers of one process queue for it in order,
see `storage.database.writers_queue`), so never nest a writing unit of work in another.

A unit of work that only reads says so, and then takes no write lock (SQLite: a deferred
transaction reading a WAL snapshot; PostgreSQL: READ ONLY); it cannot commit:

    async with UnitOfWork(session_factory, read_only=True) as uow:
        card = await uow.outcomes.latest_for_chat(chat_id, None, None)
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.database import READ_ONLY, WRITER_WAIT, writers_queue
from storage.repositories import (
    ActionRepository,
    AnswerRepository,
    ChatRepository,
    FlowSnapshotRepository,
    InboxRepository,
    LeaseRepository,
    MemberRepository,
    OutboxRepository,
    OutcomeRepository,
    PeerReviewRepository,
    ReminderRepository,
    RunRepository,
    VoteRepository,
)

__all__ = ["UnitOfWork"]


class UnitOfWork:
    chats: ChatRepository
    flows: FlowSnapshotRepository
    members: MemberRepository
    runs: RunRepository
    answers: AnswerRepository
    votes: VoteRepository
    outcomes: OutcomeRepository
    peer_reviews: PeerReviewRepository
    reminders: ReminderRepository
    outbox: OutboxRepository
    inbox: InboxRepository
    actions: ActionRepository
    leases: LeaseRepository

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, read_only: bool = False
    ) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None
        self._writers: asyncio.Lock | None = None
        self.read_only = read_only

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("a unit of work is not re-entrant; make a new one")
        if not self.read_only:
            writers = writers_queue(self._session_factory)
            if writers is not None:
                try:
                    await asyncio.wait_for(writers.acquire(), WRITER_WAIT)
                except TimeoutError:
                    raise TimeoutError(
                        f"waited {WRITER_WAIT:.0f} s for the SQLite write lock: a writing unit "
                        "of work held open too long, or one opened inside another"
                    ) from None
                self._writers = writers
        session = self._session = self._session_factory()
        if self.read_only:
            try:
                # Options given with the first connection apply before its transaction begins.
                await session.connection(execution_options=dict(READ_ONLY))
            except BaseException:
                self._session = None
                await session.close()
                raise
        self.chats = ChatRepository(session)
        self.flows = FlowSnapshotRepository(session)
        self.members = MemberRepository(session)
        self.runs = RunRepository(session)
        self.answers = AnswerRepository(session)
        self.votes = VoteRepository(session)
        self.outcomes = OutcomeRepository(session)
        self.peer_reviews = PeerReviewRepository(session)
        self.reminders = ReminderRepository(session)
        self.outbox = OutboxRepository(session)
        self.inbox = InboxRepository(session)
        self.actions = ActionRepository(session)
        self.leases = LeaseRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        writers, self._writers = self._writers, None
        try:
            # Closing rolls back whatever was not committed. Unlike `rollback()` it does not
            # expire the loaded objects, so a read-only unit of work can hand its results on.
            await session.close()
        finally:
            if writers is not None:
                writers.release()

    async def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit; open one that writes")
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
