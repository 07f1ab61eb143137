"""Every message the bot sends goes through here: HTML, the right topic, split when long, and
the chat's fate handled — a kicked bot stops sending there, a migrated group moves on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.conductor.places import Place
from bot.rendering import split_html
from storage import UnitOfWork

__all__ = ["ChatGone", "Sender"]

log = logging.getLogger(__name__)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class ChatGone(Exception):
    """The bot can no longer write in this chat (kicked, or the chat was deleted)."""


class Sender:
    def __init__(self, bot: Bot, unit_of_work: Callable[[], UnitOfWork]) -> None:
        self.bot = bot
        self._uow = unit_of_work
        # Chats the bot was removed from: nothing more is sent there, whoever asks (a tally
        # edit still pending, a press on an old button). The database's `active` flag is the
        # lasting record; this spares a Telegram call that can only fail.
        self._closed: set[int] = set()

    def closed(self, chat_id: int) -> None:
        self._closed.add(chat_id)

    def reopened(self, chat_id: int) -> None:
        self._closed.discard(chat_id)

    async def html(
        self,
        place: Place,
        text: str,
        markup=None,
        *,
        reply_to: int | None = None,
    ) -> list[Message]:
        """Send `text` (split at paragraph boundaries when long); markup goes on the last part."""
        parts = split_html(text)
        sent: list[Message] = []
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            sent.append(
                await self._call(
                    place,
                    lambda chat_id, part=part, last=last, first=index == 0: self.bot.send_message(
                        chat_id,
                        part,
                        parse_mode=ParseMode.HTML,
                        message_thread_id=place.thread_id,
                        reply_markup=markup if last else None,
                        # After a migration the message replied to stayed in the old group.
                        reply_parameters=_reply(reply_to)
                        if first and chat_id == place.chat_id
                        else None,
                        link_preview_options=_NO_PREVIEW,
                    ),
                )
            )
        return sent

    async def edit(
        self, place: Place, message_id: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        try:
            await self._call(
                place,
                lambda chat_id: self.bot.edit_message_text(
                    text,
                    chat_id,
                    message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    link_preview_options=_NO_PREVIEW,
                ),
                follow_migration=False,
            )
        except BadRequest as error:
            if "not modified" not in error.message:
                raise

    async def document(
        self, place: Place, content: bytes, filename: str, caption: str | None = None
    ) -> Message:
        return await self._call(
            place,
            lambda chat_id: self.bot.send_document(
                chat_id,
                content,
                filename=filename,
                caption=caption,
                parse_mode=ParseMode.HTML,
                message_thread_id=place.thread_id,
            ),
        )

    async def photo(self, place: Place, content: bytes, caption: str | None = None) -> Message:
        return await self._call(
            place,
            lambda chat_id: self.bot.send_photo(
                chat_id,
                content,
                caption=caption,
                parse_mode=ParseMode.HTML,
                message_thread_id=place.thread_id,
            ),
        )

    async def _call(self, place: Place, send: Callable, *, follow_migration: bool = True):
        """`send(chat_id)`; a new message follows its group into the supergroup it became.

        An edit or a reaction does not (`follow_migration=False`): the message it names stayed in
        the old group, and the same id in the new chat is another message.
        """
        if place.chat_id in self._closed:
            raise ChatGone(place.chat_id)
        try:
            return await send(place.chat_id)
        except ChatMigrated as error:
            new_id = error.new_chat_id
            log.info("chat %s became %s; moving its data", place.chat_id, new_id)
            async with self._uow() as uow:
                await uow.chats.migrate(place.chat_id, new_id)
                await uow.commit()
            if not follow_migration:
                raise BadRequest(f"the message stayed in group {place.chat_id}") from error
            return await send(new_id)
        except Forbidden as error:
            log.info("chat %s is closed to the bot (%s)", place.chat_id, error.message)
            async with self._uow() as uow:
                await uow.chats.mark_inactive(place.chat_id)
                await uow.commit()
            raise ChatGone(place.chat_id) from error


def _reply(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)
