from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FlowSnapshot
from storage.repositories._dialect import upsert_insert

__all__ = ["FlowSnapshotRepository"]


class FlowSnapshotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, content_hash: str, flow_id: str, definition: dict[str, Any]) -> None:
        """Remember a flow's definition under its hash; the same hash twice changes nothing."""
        await self._session.execute(
            upsert_insert(self._session, FlowSnapshot)
            .values(content_hash=content_hash, flow_id=flow_id, definition=definition)
            .on_conflict_do_nothing(index_elements=[FlowSnapshot.content_hash])
        )

    async def snapshot(self, content_hash: str) -> dict[str, Any] | None:
        row = await self._session.get(FlowSnapshot, content_hash)
        return row.definition if row else None
