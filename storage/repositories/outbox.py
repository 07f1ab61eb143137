"""The outbox: what the bot decided to show, waiting for the sender.

Rows are added in the same transaction as the decision that caused them, so a decision is
never kept without what it must show, nor shown without being kept. The sender takes the
oldest pending row of each chat and lane, and records how its delivery ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, OutboxMessage, OutboxStatus, utcnow

__all__ = ["ACK_LANE", "Head", "NewRow", "OutboxRepository"]

# The lane of 👍s under answers: delivered for all chats together (`bot.delivery.courier`).
ACK_LANE = "ack"


class Head(NamedTuple):
    """The oldest pending row of a chat's lane, its chat, and how many rows wait in the lane."""

    row: OutboxMessage
    chat: Chat
    pending: int


class NewRow(NamedTuple):
    """A row to add with `add_all`: where it goes, the run it belongs to, what it shows."""

    chat_id: int
    thread_id: int | None
    run_id: int | None
    payload: dict[str, Any]


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.lanes_added: set[tuple[int, str]] = set()  # (chat, lane) pairs given rows

    async def add(
        self,
        chat_id: int,
        thread_id: int | None,
        kind: str,
        payload: dict[str, Any],
        *,
        lane: str = "post",
        run_id: int | None = None,
        key: str | None = None,
        not_before: datetime | None = None,
    ) -> OutboxMessage | None:
        """A new pending row; with `key`, none when a row of that key still waits and has
        not been taken up by the courier (it will show the latest state when it is). The
        waiting row is locked until this transaction ends, so the courier takes it up only
        after this change is committed and reads it."""
        if key is not None:
            waiting = await self._session.scalar(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.key == key,
                    OutboxMessage.chat_id == chat_id,
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.taken_at.is_(None),
                )
                .with_for_update()
            )
            if waiting is not None:
                return None
        row = OutboxMessage(
            chat_id=chat_id,
            message_thread_id=thread_id,
            run_id=run_id,
            lane=lane,
            kind=kind,
            key=key,
            payload=payload,
            status=OutboxStatus.PENDING,
            attempts=0,
            not_before=not_before or utcnow(),
            message_ids=[],
        )
        self._session.add(row)
        await self._session.flush()
        self.lanes_added.add((chat_id, lane))
        return row

    async def heads(self) -> Sequence[Head]:
        """The oldest pending row of every chat and lane — what may be delivered next — with
        its chat and the number of rows pending in its lane, in one statement."""
        lanes = (
            select(func.min(OutboxMessage.id).label("head"), func.count().label("pending"))
            .where(OutboxMessage.status == OutboxStatus.PENDING)
            .group_by(OutboxMessage.chat_id, OutboxMessage.lane)
            .subquery()
        )
        result = await self._session.execute(
            select(OutboxMessage, Chat, lanes.c.pending)
            .join(lanes, OutboxMessage.id == lanes.c.head)
            .join(Chat, Chat.id == OutboxMessage.chat_id)
            .order_by(OutboxMessage.id)
        )
        return [Head(*row) for row in result]

    async def add_all(self, kind: str, rows: Sequence[NewRow], *, lane: str = "post") -> None:
        """Several new pending rows of one kind (of one or several chats), each chat's in this
        order, in one call."""
        now = utcnow()
        await self._session.execute(
            insert(OutboxMessage),
            [
                {
                    "chat_id": row.chat_id,
                    "message_thread_id": row.thread_id,
                    "run_id": row.run_id,
                    "lane": lane,
                    "kind": kind,
                    "payload": row.payload,
                    "status": OutboxStatus.PENDING,
                    "attempts": 0,
                    "not_before": now,
                    "message_ids": [],
                }
                for row in rows
            ],
        )
        self.lanes_added.update((row.chat_id, lane) for row in rows)

    async def lane(self, chat_id: int, lane: str, limit: int) -> Sequence[OutboxMessage]:
        """The oldest pending rows of one chat's lane, in the order they must be delivered."""
        result = await self._session.scalars(
            select(OutboxMessage)
            .where(*_pending_in_lane(chat_id, lane))
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return result.all()

    async def give_up_lane(self, chat_id: int, lane: str, error: str) -> list[dict]:
        """Give up every pending row of one chat's lane; returns their payloads."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(*_pending_in_lane(chat_id, lane))
            .values(status=OutboxStatus.FAILED, last_error=error[:500])
            .returning(OutboxMessage.payload)
            .execution_options(synchronize_session=False)
        )
        return list(result.scalars())

    async def acknowledgements_due(
        self, now: datetime, limit: int
    ) -> Sequence[tuple[OutboxMessage, Chat]]:
        """Pending rows of the `ack` lane of every chat, oldest first, with their chats: those
        due now, of chats none of whose 👍s waits for a retry (one refused with 429 holds its
        chat's others back too)."""
        waiting = (
            select(OutboxMessage.chat_id)
            .where(
                OutboxMessage.lane == ACK_LANE,
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.not_before > now,
            )
            .scalar_subquery()
        )
        result = await self._session.execute(
            select(OutboxMessage, Chat)
            .join(Chat, Chat.id == OutboxMessage.chat_id)
            .where(
                OutboxMessage.lane == ACK_LANE,
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.chat_id.not_in(waiting),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return [(row, chat) for row, chat in result]

    async def take_up(self, row_id: int, at: datetime) -> bool:
        """The courier starts on a row that shows the latest state (a tally); False when the
        row is no longer pending. Waits for a change that is adding to it (see `add`)."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(taken_at=at)
        )
        return result.rowcount == 1

    async def get(self, row_id: int) -> OutboxMessage | None:
        return await self._session.get(OutboxMessage, row_id)

    async def part_delivered(self, row_id: int, message_id: int) -> None:
        row = await self._session.get(OutboxMessage, row_id)
        row.message_ids = [*row.message_ids, message_id]
        await self._session.flush()

    async def delivered(self, row_ids: Sequence[int], sent_at: datetime | None = None) -> None:
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(row_ids))
            .values(status=OutboxStatus.SENT, sent_at=sent_at or utcnow(), last_error=None)
            .execution_options(synchronize_session=False)
        )

    async def retry_later(self, row_id: int, not_before: datetime, error: str) -> None:
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(
                attempts=OutboxMessage.attempts + 1, not_before=not_before, last_error=error[:500]
            )
        )

    async def failed(self, row_id: int, error: str) -> None:
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(
                status=OutboxStatus.FAILED,
                attempts=OutboxMessage.attempts + 1,
                last_error=error[:500],
            )
        )

    async def fail_chat(self, chat_id: int, error: str) -> int:
        """The chat is gone for the bot: nothing waiting there can be delivered."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.FAILED, last_error=error[:500])
            .execution_options(synchronize_session=False)
        )
        return result.rowcount

    async def pending_count(self) -> int:
        return await self._session.scalar(
            select(func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
        )

    async def forget_done_before(self, moment: datetime) -> int:
        """Rows delivered or given up before `moment` are no longer needed."""
        result = await self._session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status != OutboxStatus.PENDING, OutboxMessage.created_at < moment
            )
        )
        return result.rowcount

    async def recent_questions(self, chat_id: int, limit: int = 50) -> Sequence[OutboxMessage]:
        """The chat's latest question posts, newest first, delivered or still trying."""
        result = await self._session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.kind == "question")
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
        return result.all()


def _pending_in_lane(chat_id: int, lane: str) -> tuple:
    return (
        OutboxMessage.chat_id == chat_id,
        OutboxMessage.lane == lane,
        OutboxMessage.status == OutboxStatus.PENDING,
    )
