"""The bot's own membership: a greeting when it is added, silence once it is removed, and a
group that became a supergroup taking its binding, runs and answers along."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot.conductor.places import Place
from bot.conductor.sending import ChatGone
from bot.handlers.common import member_of
from bot.i18n import translator
from bot.runtime import Runtime, Services

__all__ = ["MembershipHandlers", "can_speak"]

log = logging.getLogger(__name__)

PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER}


def can_speak(member: ChatMember) -> bool:
    """In the chat and allowed to post: a restricted bot that may still send stays active."""
    if member.status in PRESENT:
        return True
    if member.status == ChatMember.RESTRICTED:
        return bool(getattr(member, "is_member", False)) and bool(
            getattr(member, "can_send_messages", False)
        )
    return False


class MembershipHandlers:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def bot_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        chat = change.chat
        was, now = can_speak(change.old_chat_member), can_speak(change.new_chat_member)
        services = self.services
        services.admins.forget(chat.id)
        if now and not was:
            services.sender.reopened(chat.id)
            async with services.unit_of_work() as uow:
                stored = await uow.chats.get_or_create(chat.id, chat.title or "")
                stored.active = True
                language = stored.language or services.settings.bot_language
                bound = stored.kind != "unbound"
                await uow.commit()
            t = translator(language)
            try:
                await services.sender.html(
                    Place(chat.id), t("welcome.bound" if bound else "welcome")
                )
            except ChatGone:
                return
        elif was and not now:
            services.sender.closed(chat.id)
            async with services.unit_of_work() as uow:
                await uow.chats.mark_inactive(chat.id)
                await uow.commit()
            log.info("removed from chat %s; it is marked inactive", chat.id)

    async def members_joined(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """People who join are members of the group from then on: /status names them under
        "Nog niet" before they have said anything, and a tempo card's reminder reaches them."""
        message = update.effective_message
        people = [user for user in message.new_chat_members or () if not user.is_bot]
        if not people:
            return
        async with self.services.unit_of_work() as uow:
            for user in people:
                await member_of(uow, message.chat, user)
            await uow.commit()

    async def migration(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message.migrate_to_chat_id:
            old, new = message.chat_id, message.migrate_to_chat_id
        elif message.migrate_from_chat_id:
            old, new = message.migrate_from_chat_id, message.chat_id
        else:
            return
        async with self.services.unit_of_work() as uow:
            await uow.chats.migrate(old, new)
            await uow.commit()
        self.services.admins.forget(old)
        log.info("chat %s became supergroup %s", old, new)
        if message.migrate_from_chat_id:
            await self.services.runs.reopen_questions(Place(new), notice="migrated")
