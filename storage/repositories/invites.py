"""One-time invitation codes: how a group joins a partnership or region someone else holds.

Only the code's hash is stored. Redeeming is one conditional UPDATE, so two groups racing with
the same code cannot both win.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite, RunScope

__all__ = ["InviteRepository", "code_hash"]


def code_hash(code: str) -> str:
    normal = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class InviteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def issue(
        self,
        code: str,
        *,
        kind: RunScope,
        region_id: int,
        partnership_id: int | None,
        chat_id: int,
        member_id: int | None,
        now: datetime,
        valid_for: timedelta,
    ) -> Invite:
        invite = Invite(
            code_hash=code_hash(code),
            kind=kind,
            region_id=region_id,
            partnership_id=partnership_id if kind is RunScope.PARTNERSHIP else None,
            issued_by_chat_id=chat_id,
            issued_by_member_id=member_id,
            created_at=now,
            expires_at=now + valid_for,
        )
        self._session.add(invite)
        await self._session.flush()
        return invite

    async def redeem(self, code: str, chat_id: int, now: datetime) -> Invite | None:
        """The invite, now used by this chat; None when unknown, used or expired."""
        claimed = await self._session.scalar(
            update(Invite)
            .where(
                Invite.code_hash == code_hash(code),
                Invite.used_at.is_(None),
                Invite.expires_at > now,
            )
            .values(used_at=now, used_by_chat_id=chat_id)
            .returning(Invite.id)
        )
        if claimed is None:
            return None
        return await self._session.scalar(
            select(Invite).where(Invite.id == claimed).execution_options(populate_existing=True)
        )
