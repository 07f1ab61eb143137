"""Updates taken from Telegram, kept until they have taken effect.

The poller stores a batch before it confirms the batch's offset to Telegram; a webhook stores
an update before it answers 200. Handling marks an update handled in the same transaction as
the change it made, so an update is never lost by a crash and never takes effect twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboundUpdate, utcnow
from storage.repositories._dialect import upsert_insert

__all__ = ["InboxRepository"]


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, updates: Iterable[dict[str, Any]]) -> None:
        """Store updates (by `update_id`); one delivered again is kept once."""
        now = utcnow()
        rows = [{"update_id": u["update_id"], "payload": u, "received_at": now} for u in updates]
        if rows:
            await self._session.execute(
                upsert_insert(self._session, InboundUpdate).on_conflict_do_nothing(
                    index_elements=[InboundUpdate.update_id]
                ),
                rows,
            )

    async def unhandled_ids(self, limit: int = 500) -> list[int]:
        """The oldest unhandled updates' ids: cheap to read again and again while a backlog
        is worked off (the payloads are read once, with `payloads`)."""
        result = await self._session.scalars(
            select(InboundUpdate.update_id)
            .where(InboundUpdate.handled_at.is_(None))
            .order_by(InboundUpdate.update_id)
            .limit(limit)
        )
        return list(result.all())

    async def payloads(self, update_ids: Sequence[int]) -> list[dict[str, Any]]:
        """The stored updates of `update_ids`, oldest first."""
        result = await self._session.scalars(
            select(InboundUpdate.payload)
            .where(InboundUpdate.update_id.in_(update_ids))
            .order_by(InboundUpdate.update_id)
        )
        return list(result.all())

    async def mark_handled(self, update_id: int, at: datetime | None = None) -> None:
        await self.mark_all_handled([update_id], at)

    async def mark_all_handled(self, update_ids: Sequence[int], at: datetime | None = None) -> None:
        await self._session.execute(
            update(InboundUpdate)
            .where(InboundUpdate.update_id.in_(update_ids), InboundUpdate.handled_at.is_(None))
            .values(handled_at=at or utcnow())
            .execution_options(synchronize_session=False)
        )

    async def handled_among(self, update_ids: Sequence[int]) -> set[int]:
        result = await self._session.scalars(
            select(InboundUpdate.update_id).where(
                InboundUpdate.update_id.in_(update_ids), InboundUpdate.handled_at.is_not(None)
            )
        )
        return set(result.all())

    async def highest_id(self) -> int | None:
        return await self._session.scalar(select(func.max(InboundUpdate.update_id)))

    async def forget_handled_before(self, moment: datetime) -> int:
        """Handled updates older than `moment` are no longer needed."""
        result = await self._session.execute(
            delete(InboundUpdate).where(
                InboundUpdate.handled_at.is_not(None), InboundUpdate.handled_at < moment
            )
        )
        return result.rowcount
