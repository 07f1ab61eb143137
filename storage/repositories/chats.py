"""Group chats and what they are bound to: a partnership in a region, or a region itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AnswerMode,
    Chat,
    ChatKind,
    ChatMember,
    OutcomeCard,
    Partnership,
    PeerReview,
    Region,
    Reminder,
    Run,
)
from storage.repositories._dialect import upsert_insert

__all__ = ["ChatRepository", "name_key"]


def name_key(name: str) -> str:
    """How names are matched: "Samen Opleiden  Utrecht" and "samen opleiden utrecht" are one."""
    key = " ".join(name.split()).casefold()
    if not key:
        raise ValueError("a name must contain more than whitespace")
    return key


class ChatRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # The session only weakly holds what it loaded: a chat looked up by its Telegram id
        # is kept for the unit of work, so looking it up again by id reads nothing.
        self._held: list[Chat] = []

    async def get(self, telegram_chat_id: int) -> Chat | None:
        return (await self._by_telegram_ids([telegram_chat_id])).get(telegram_chat_id)

    async def get_by_id(self, chat_id: int) -> Chat | None:
        return await self._session.get(Chat, chat_id)

    async def get_or_create(self, telegram_chat_id: int, title: str) -> Chat:
        """The chat, created on first sight; a chat the bot hears from again is active again.

        A known chat whose title and activity are unchanged is only read: nothing is written.
        """
        return (await self.get_or_create_all({telegram_chat_id: title}))[telegram_chat_id]

    async def get_or_create_all(self, titles: Mapping[int, str]) -> dict[int, Chat]:
        """`get_or_create` for several chats (Telegram id: title), read in one statement."""
        chats = await self._by_telegram_ids(titles)
        new = [chat_id for chat_id in titles if chat_id not in chats]
        if new:
            await self._session.execute(
                upsert_insert(self._session, Chat).on_conflict_do_nothing(
                    index_elements=[Chat.telegram_chat_id]
                ),
                [{"telegram_chat_id": chat_id, "title": titles[chat_id]} for chat_id in new],
            )
            chats |= await self._by_telegram_ids(new)
        for chat_id, chat in chats.items():
            title = titles[chat_id]
            if title and chat.title != title:
                chat.title = title
            if not chat.active:
                chat.active = True
        if any(chat in self._session.dirty for chat in chats.values()):
            await self._session.flush()
        return chats

    async def _by_telegram_ids(self, telegram_chat_ids: Iterable[int]) -> dict[int, Chat]:
        result = await self._session.scalars(
            select(Chat).where(Chat.telegram_chat_id.in_(set(telegram_chat_ids)))
        )
        chats = {chat.telegram_chat_id: chat for chat in result}
        self._held.extend(chats.values())
        return chats

    async def bind_to_partnership(
        self, chat: Chat, partnership_name: str, region_name: str
    ) -> Partnership:
        """Bind the chat to a partnership of a region, creating either when new."""
        region = await self._region_named(region_name)
        partnership = await self._partnership_named(region, partnership_name)
        chat.kind = ChatKind.PARTNERSHIP
        chat.partnership_id = partnership.id
        chat.region_id = region.id
        await self._session.flush()
        return partnership

    async def bind_to_region(self, chat: Chat, region_name: str) -> Region:
        region = await self._region_named(region_name)
        chat.kind = ChatKind.REGION
        chat.partnership_id = None
        chat.region_id = region.id
        await self._session.flush()
        return region

    async def existing_partnership(
        self, partnership_name: str, region_name: str
    ) -> Partnership | None:
        """The partnership of that name in that region, if someone already bound it."""
        region = await self.existing_region(region_name)
        if region is None:
            return None
        return await self._session.scalar(
            select(Partnership).where(
                Partnership.region_id == region.id,
                Partnership.name_key == name_key(partnership_name),
            )
        )

    async def existing_region(self, region_name: str) -> Region | None:
        return await self._session.scalar(
            select(Region).where(Region.name_key == name_key(region_name))
        )

    async def region_is_held(self, region: Region) -> bool:
        """A region with a partnership or a group bound to it is someone's: joining needs a code."""
        partnership = await self._session.scalar(
            select(Partnership.id).where(Partnership.region_id == region.id).limit(1)
        )
        chat = await self._session.scalar(
            select(Chat.id).where(Chat.region_id == region.id).limit(1)
        )
        return partnership is not None or chat is not None

    async def chats_of_partnership(self, partnership_id: int) -> Sequence[Chat]:
        result = await self._session.scalars(
            select(Chat)
            .where(Chat.partnership_id == partnership_id, Chat.kind == ChatKind.PARTNERSHIP)
            .order_by(Chat.id)
        )
        return result.all()

    async def chats_of_region(self, region_id: int) -> Sequence[Chat]:
        """Every group bound to the region: its region groups and its partnerships' groups."""
        result = await self._session.scalars(
            select(Chat).where(Chat.region_id == region_id).order_by(Chat.id)
        )
        return result.all()

    async def join_partnership(self, chat: Chat, partnership: Partnership) -> None:
        chat.kind = ChatKind.PARTNERSHIP
        chat.partnership_id = partnership.id
        chat.region_id = partnership.region_id
        await self._session.flush()

    async def join_region(self, chat: Chat, region: Region) -> None:
        chat.kind = ChatKind.REGION
        chat.partnership_id = None
        chat.region_id = region.id
        await self._session.flush()

    async def get_partnership(self, partnership_id: int) -> Partnership | None:
        return await self._session.get(Partnership, partnership_id)

    async def get_region(self, region_id: int) -> Region | None:
        return await self._session.get(Region, region_id)

    async def mark_inactive(self, telegram_chat_id: int) -> bool:
        """The bot left or was removed; nothing is deleted. False when the chat is unknown."""
        chat = await self.get(telegram_chat_id)
        if chat is None:
            return False
        chat.active = False
        await self._session.flush()
        return True

    async def set_language(self, chat: Chat, language: str | None) -> None:
        """`None` returns the chat to the bot's default language."""
        chat.language = language
        await self._session.flush()

    async def set_answer_mode(self, chat: Chat, answer_mode: str) -> None:
        chat.answer_mode = AnswerMode(answer_mode)
        await self._session.flush()

    async def migrate(self, old_telegram_chat_id: int, new_telegram_chat_id: int) -> Chat | None:
        """Follow a group that Telegram turned into a supergroup (a new chat id).

        The chat row keeps its id, so runs, outcomes, reviews and reminders follow it. Question
        messages and answers keep the old Telegram chat id: their message ids belong to the old
        group, and the supergroup numbers its messages afresh, so moving them would let a new
        message be mistaken for an old one. If the bot already
        created a row for the new id, that row's belongings are folded into the old one.
        Returns None when neither id is known.
        """
        chat = await self.get(old_telegram_chat_id)
        if chat is None:
            return await self.get(new_telegram_chat_id)
        duplicate = await self.get(new_telegram_chat_id)
        if duplicate is not None:
            await self._fold(duplicate, into=chat)
        chat.telegram_chat_id = new_telegram_chat_id
        chat.migrated_from_chat_id = old_telegram_chat_id
        chat.active = True
        await self._session.flush()
        return chat

    async def partnerships_of_region(self, region_id: int) -> Sequence[Partnership]:
        result = await self._session.scalars(
            select(Partnership)
            .where(Partnership.region_id == region_id)
            .order_by(Partnership.name_key, Partnership.id)
        )
        return result.all()

    async def all_chats(self) -> Sequence[Chat]:
        """Every chat the bot knows, oldest first (for `samenbot chats`)."""
        result = await self._session.scalars(select(Chat).order_by(Chat.created_at, Chat.id))
        return result.all()

    async def runs_of_chat(self, chat_id: int) -> Sequence[Run]:
        """A chat's runs, oldest first."""
        result = await self._session.scalars(
            select(Run).where(Run.chat_id == chat_id).order_by(Run.started_at, Run.id)
        )
        return result.all()

    async def region_of(self, chat: Chat) -> Region | None:
        if chat.region_id is None:
            return None
        return await self._session.get(Region, chat.region_id)

    async def partnership_of(self, chat: Chat) -> Partnership | None:
        if chat.partnership_id is None:
            return None
        return await self._session.get(Partnership, chat.partnership_id)

    async def _region_named(self, name: str) -> Region:
        key = name_key(name)
        await self._session.execute(
            upsert_insert(self._session, Region)
            .values(name=" ".join(name.split()), name_key=key)
            .on_conflict_do_nothing(index_elements=[Region.name_key])
        )
        region = await self._session.scalar(select(Region).where(Region.name_key == key))
        assert region is not None
        return region

    async def _partnership_named(self, region: Region, name: str) -> Partnership:
        key = name_key(name)
        await self._session.execute(
            upsert_insert(self._session, Partnership)
            .values(region_id=region.id, name=" ".join(name.split()), name_key=key)
            .on_conflict_do_nothing(index_elements=[Partnership.region_id, Partnership.name_key])
        )
        partnership = await self._session.scalar(
            select(Partnership).where(
                Partnership.region_id == region.id, Partnership.name_key == key
            )
        )
        assert partnership is not None
        return partnership

    async def _fold(self, duplicate: Chat, *, into: Chat) -> None:
        for model in (Run, OutcomeCard, PeerReview, Reminder):
            await self._session.execute(
                update(model).where(model.chat_id == duplicate.id).values(chat_id=into.id)
            )
        already_seen = select(ChatMember.member_id).where(ChatMember.chat_id == into.id)
        await self._session.execute(
            delete(ChatMember).where(
                ChatMember.chat_id == duplicate.id, ChatMember.member_id.in_(already_seen)
            )
        )
        await self._session.execute(
            update(ChatMember).where(ChatMember.chat_id == duplicate.id).values(chat_id=into.id)
        )
        await self._session.delete(duplicate)
        await self._session.flush()
