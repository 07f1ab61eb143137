"""Stored reminders and their delivery: each is claimed by one dispatcher and sent once.

A dispatcher claims due reminders, sends them, and marks each sent, undeliverable, or released
for another try. Claims of a dispatcher that died are reclaimed after a while.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Reminder, ReminderStatus, utcnow
from storage.repositories._dialect import dialect_name

__all__ = ["ReminderRepository"]

_WAITING = (ReminderStatus.PENDING, ReminderStatus.CLAIMED)


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def schedule(
        self,
        chat_id: int,
        thread_id: int | None,
        kind: str,
        key: str,
        due_at: datetime,
        payload: dict[str, Any] | None = None,
        peer_review_id: int | None = None,
        run_id: int | None = None,
    ) -> Reminder:
        reminder = Reminder(
            chat_id=chat_id,
            message_thread_id=thread_id,
            peer_review_id=peer_review_id,
            run_id=run_id,
            kind=kind,
            key=key,
            due_at=due_at,
            status=ReminderStatus.PENDING,
            payload=payload or {},
            attempts=0,
        )
        self._session.add(reminder)
        await self._session.flush()
        return reminder

    async def get(self, reminder_id: int) -> Reminder | None:
        return await self._session.get(Reminder, reminder_id)

    async def cancel_pending(
        self,
        *,
        peer_review_id: int | None = None,
        run_id: int | None = None,
        chat_id: int | None = None,
        kind: str | None = None,
    ) -> int:
        """Cancel the pending reminders of a review, a run or a chat (optionally of one kind)."""
        if peer_review_id is None and run_id is None and chat_id is None:
            raise ValueError("name the peer review, run or chat whose reminders to cancel")
        statement = update(Reminder).where(Reminder.status == ReminderStatus.PENDING)
        if peer_review_id is not None:
            statement = statement.where(Reminder.peer_review_id == peer_review_id)
        if run_id is not None:
            statement = statement.where(Reminder.run_id == run_id)
        if chat_id is not None:
            statement = statement.where(Reminder.chat_id == chat_id)
        if kind is not None:
            statement = statement.where(Reminder.kind == kind)
        result = await self._session.execute(statement.values(status=ReminderStatus.CANCELLED))
        return result.rowcount

    async def next_due_after(self, now: datetime) -> datetime | None:
        """When the next pending reminder falls due, so a dispatcher can sleep until then."""
        return await self._session.scalar(
            select(func.min(Reminder.due_at)).where(
                Reminder.status == ReminderStatus.PENDING, Reminder.due_at > now
            )
        )

    async def upcoming_for_chat(self, chat_id: int) -> Sequence[Reminder]:
        """Reminders of the chat still to be sent, soonest first."""
        result = await self._session.scalars(
            select(Reminder)
            .where(Reminder.chat_id == chat_id, Reminder.status.in_(_WAITING))
            .order_by(Reminder.due_at, Reminder.id)
        )
        return result.all()

    async def claim_due(self, now: datetime, worker_id: str, limit: int = 50) -> list[Reminder]:
        """Claim up to `limit` due reminders for this worker; no other worker gets the same one.

        PostgreSQL skips rows another dispatcher has locked; on SQLite the write lock held by
        the transaction serialises dispatchers. Either way the conditional UPDATE only takes
        rows that are still pending, so a claim is never shared. Commit promptly after claiming.
        """
        candidates = (
            await self._session.scalars(
                select(Reminder.id)
                .where(Reminder.status == ReminderStatus.PENDING, Reminder.due_at <= now)
                .order_by(Reminder.due_at, Reminder.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if not candidates:
            return []
        status = Reminder.status
        if dialect_name(self._session) == "sqlite":
            # SQLite would plan `status = 'pending'` on the (status, due_at) index and walk
            # every pending reminder; hiding the column from the planner makes it look the
            # candidates up by primary key, whatever the number pending.
            status = status.concat("")
        claimed_ids = (
            await self._session.scalars(
                update(Reminder)
                .where(Reminder.id.in_(candidates), status == ReminderStatus.PENDING)
                .values(status=ReminderStatus.CLAIMED, claimed_by=worker_id, claimed_at=now)
                .returning(Reminder.id)
                .execution_options(synchronize_session=False)
            )
        ).all()
        if not claimed_ids:
            return []
        result = await self._session.scalars(
            select(Reminder)
            .where(Reminder.id.in_(claimed_ids))
            .order_by(Reminder.due_at, Reminder.id)
            .execution_options(populate_existing=True)
        )
        return list(result.all())

    async def mark_sent(
        self, reminder_id: int, late: bool = False, sent_at: datetime | None = None
    ) -> bool:
        """Record delivery (late: caught up after downtime). False if it was no longer claimed."""
        status = ReminderStatus.LATE_SENT if late else ReminderStatus.SENT
        return await self._finish_claim(reminder_id, status=status, sent_at=sent_at or utcnow())

    async def mark_undeliverable(self, reminder_id: int) -> bool:
        """The chat is gone or the bot was removed: never try again."""
        return await self._finish_claim(reminder_id, status=ReminderStatus.UNDELIVERABLE)

    async def release(self, reminder_id: int) -> bool:
        """Back to pending after a transient error, counting the attempt."""
        result = await self._session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.status == ReminderStatus.CLAIMED)
            .values(
                status=ReminderStatus.PENDING,
                claimed_by=None,
                claimed_at=None,
                attempts=Reminder.attempts + 1,
            )
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1

    async def reclaim_stale(self, now: datetime, older_than: timedelta) -> int:
        """Return claims older than `older_than` (their dispatcher died) to pending."""
        result = await self._session.execute(
            update(Reminder)
            .where(
                Reminder.status == ReminderStatus.CLAIMED,
                Reminder.claimed_at < now - older_than,
            )
            .values(status=ReminderStatus.PENDING, claimed_by=None, claimed_at=None)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount

    async def _finish_claim(self, reminder_id: int, **values: Any) -> bool:
        result = await self._session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.status == ReminderStatus.CLAIMED)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1
