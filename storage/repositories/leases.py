"""Leases: one instance at a time does a named piece of work, until its lease runs out.

On PostgreSQL, where several instances share the database, a lease is a row taken with one
`INSERT … ON CONFLICT DO UPDATE … WHERE` (free, run out, or already ours), so two instances can
never both hold it. SQLite serves one process (README: several instances need PostgreSQL):
there every lease is granted without a write, which keeps an answer's work small.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Lease
from storage.repositories._dialect import dialect_name, upsert_insert

__all__ = ["LeaseRepository"]


class LeaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @property
    def shared(self) -> bool:
        """Whether other instances may hold leases (PostgreSQL) or not (SQLite)."""
        return dialect_name(self._session) != "sqlite"

    async def take(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take (or keep) the lease `name` until `now + ttl`; False when another holds it."""
        if not self.shared:
            return True
        insert = upsert_insert(self._session, Lease).values(
            name=name, holder=holder, until=now + ttl
        )
        taken = await self._session.scalar(
            insert.on_conflict_do_update(
                index_elements=[Lease.name],
                set_={"holder": insert.excluded.holder, "until": insert.excluded.until},
                where=(Lease.until < now) | (Lease.holder == insert.excluded.holder),
            ).returning(Lease.holder)
        )
        return taken == holder

    async def give_back(self, name: str, holder: str) -> None:
        if self.shared:
            await self._session.execute(
                delete(Lease).where(Lease.name == name, Lease.holder == holder)
            )

    async def holder_of(self, name: str) -> str | None:
        return await self._session.scalar(select(Lease.holder).where(Lease.name == name))
