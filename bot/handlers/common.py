"""What every handler needs: where a message lives, who sent it, in which language to answer."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import Chat as TgChat
from telegram import Message, User

from bot.conductor.places import Place
from bot.i18n import Translator, translator
from bot.runtime import Services
from flows.events import Actor
from flows.responses import Member
from storage import UnitOfWork

__all__ = [
    "ANONYMOUS_ADMIN_USER_ID",
    "actor_of",
    "chat_language",
    "member_of",
    "people_in_chats",
    "place_of",
    "reply",
]


def place_of(message: Message) -> Place:
    """A message in a forum topic belongs to that topic; everything else to the chat itself."""
    thread = message.message_thread_id if message.is_topic_message else None
    return Place(message.chat_id, thread)


# Telegram's stand-in `from` for an admin posting as the group (see bot/handlers/speakers.py).
ANONYMOUS_ADMIN_USER_ID = 1087968824
ANONYMOUS_ADMIN_NAME = "Beheerder (anoniem)"


async def member_of(uow: UnitOfWork, chat: TgChat, user: User | None) -> Member:
    """The stored member for a Telegram user, seen in this chat now.

    An admin posting as the group is never stored as Telegram's shared "Group" user (every
    group's anonymous admins would merge into one): they get one stand-in per group, keyed by
    the group's own (negative) id, which no person's id can be. So does a message without
    `from`.
    """
    if user is None or user.id == ANONYMOUS_ADMIN_USER_ID:
        row = await uow.members.upsert(chat.id, ANONYMOUS_ADMIN_NAME, None, None)
    else:
        row = await uow.members.upsert(user.id, user.first_name, user.last_name, user.username)
    stored_chat = await uow.chats.get_or_create(chat.id, chat.title or chat.full_name or "")
    await uow.members.seen_in_chat(row, stored_chat)
    return Member(row.id, row.first_name)


async def people_in_chats(
    uow: UnitOfWork, speakers: Iterable[tuple[TgChat, User]]
) -> dict[tuple[int, int], Member]:
    """`member_of` for several people (no anonymous admins) in one or several chats at once,
    by (Telegram chat id, Telegram user id)."""
    speakers = list(speakers)
    rows = await uow.members.upsert_all(
        (user.id, user.first_name, user.last_name, user.username) for _, user in speakers
    )
    chats = await uow.chats.get_or_create_all(
        {chat.id: chat.title or chat.full_name or "" for chat, _ in speakers}
    )
    await uow.members.seen_in_chats((rows[user.id], chats[chat.id]) for chat, user in speakers)
    return {
        (chat.id, user.id): Member(rows[user.id].id, rows[user.id].first_name)
        for chat, user in speakers
    }


async def actor_of(services: Services, chat: TgChat, user: User | None) -> Actor:
    async with services.unit_of_work() as uow:
        member = await member_of(uow, chat, user)
        await uow.commit()
    if user is None or user.id == ANONYMOUS_ADMIN_USER_ID:
        # Only an admin can post as the group, and Telegram sets this `from` itself.
        return Actor(member, True)
    is_admin = await services.admins.is_admin(chat.id, chat.type, user.id)
    return Actor(member, is_admin)


async def chat_language(services: Services, chat_id: int) -> Translator:
    async with services.unit_of_work() as uow:
        chat = await uow.chats.get(chat_id)
    return translator((chat.language if chat else None) or services.settings.bot_language)


async def reply(
    services: Services, message: Message, text: str, markup=None, *, key: str | None = None
) -> None:
    """Answer `message` in its chat: through the outbox, so the answer is retried until it
    arrives and never overtakes a question the chat is still waiting for."""
    chat = message.chat
    await services.courier.post(
        place_of(message),
        chat.title or chat.full_name or "",
        text,
        markup,
        reply_to=message.message_id,
        key=key,
    )
