"""The people who answer: one row per Telegram user, and the chats they were seen in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, ChatMember, Member, utcnow
from storage.repositories._dialect import upsert_insert

__all__ = ["MemberRepository"]

# How fresh "last seen in this chat" is kept: refreshing it on every answer would make every
# answer write a row that says nothing new.
SEEN_PRECISION = timedelta(hours=1)

_BY_TELEGRAM_ID = select(Member).where(Member.telegram_user_id == bindparam("telegram_user_id"))


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(
        self,
        telegram_user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
    ) -> Member:
        """The member, created on first sight; names follow what Telegram says now.

        A member seen before under the same names is only read: nothing is written.
        """
        known = await self.get_by_telegram_id(telegram_user_id)
        if _named_as(known, first_name, last_name, username):
            return known
        return await self._write(telegram_user_id, first_name, last_name, username)

    async def upsert_all(
        self, people: Iterable[tuple[int, str, str | None, str | None]]
    ) -> dict[int, Member]:
        """`upsert` for several people — (telegram user id, first name, last name, username)
        — with one read for those already known; by Telegram user id."""
        people = {person[0]: person for person in people}
        known = await self.by_telegram_ids(people)
        return {
            telegram_user_id: known[telegram_user_id]
            if _named_as(known.get(telegram_user_id), *names)
            else await self._write(telegram_user_id, *names)
            for telegram_user_id, *names in people.values()
        }

    async def _write(
        self, telegram_user_id: int, first_name: str, last_name: str | None, username: str | None
    ) -> Member:
        names = {"first_name": first_name, "last_name": last_name, "username": username}
        statement = (
            upsert_insert(self._session, Member)
            .values(telegram_user_id=telegram_user_id, **names)
            .on_conflict_do_update(index_elements=[Member.telegram_user_id], set_=names)
            .returning(Member)
        )
        result = await self._session.scalars(
            statement, execution_options={"populate_existing": True}
        )
        return result.one()

    async def get_by_telegram_id(self, telegram_user_id: int) -> Member | None:
        return await self._session.scalar(_BY_TELEGRAM_ID, {"telegram_user_id": telegram_user_id})

    async def by_telegram_ids(self, telegram_user_ids: Iterable[int]) -> dict[int, Member]:
        result = await self._session.scalars(
            select(Member).where(Member.telegram_user_id.in_(set(telegram_user_ids)))
        )
        return {member.telegram_user_id: member for member in result}

    async def get(self, member_id: int) -> Member | None:
        return await self._session.get(Member, member_id)

    async def seen_in_chat(self, member: Member, chat: Chat, at: datetime | None = None) -> None:
        """Remember that the member is in the chat, so reminders know whom to nudge.

        The moment is refreshed only when the stored one is older than `SEEN_PRECISION`, so a
        member answering again and again does not rewrite the row each time.
        """
        await self.seen_in_chats([(member, chat)], at)

    async def seen_in_chats(
        self, sightings: Iterable[tuple[Member, Chat]], at: datetime | None = None
    ) -> None:
        """`seen_in_chat` for several (member, chat) pairs, in one call."""
        seen = at or utcnow()
        statement = upsert_insert(self._session, ChatMember)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[ChatMember.chat_id, ChatMember.member_id],
                set_={"last_seen_at": statement.excluded.last_seen_at},
                where=ChatMember.last_seen_at < seen - SEEN_PRECISION,
            ),
            [
                {"chat_id": chat_id, "member_id": member_id, "last_seen_at": seen}
                for member_id, chat_id in dict.fromkeys((m.id, c.id) for m, c in sightings)
            ],
        )

    async def last_seen(self, member: Member, chat: Chat) -> datetime | None:
        """When the member was last seen in the chat (to within `SEEN_PRECISION`)."""
        return await self._session.scalar(
            select(ChatMember.last_seen_at).where(
                ChatMember.chat_id == chat.id, ChatMember.member_id == member.id
            )
        )

    async def members_of_chat(self, chat_id: int) -> Sequence[Member]:
        result = await self._session.scalars(
            select(Member)
            .join(ChatMember, ChatMember.member_id == Member.id)
            .where(ChatMember.chat_id == chat_id)
            .order_by(Member.first_name, Member.id)
        )
        return result.all()


def _named_as(
    member: Member | None, first_name: str, last_name: str | None, username: str | None
) -> bool:
    """A known member whose names are still these: nothing to write."""
    return member is not None and (member.first_name, member.last_name, member.username) == (
        first_name,
        last_name,
        username,
    )
