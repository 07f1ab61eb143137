"""Commands about the chat itself: /start, /help, /koppel, /taal, /instellingen, and the
member's own data: /mijngegevens, /vergeetmij. Plus the answer to an unknown command."""

from __future__ import annotations

import json

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from bot.handlers.common import chat_language, reply
from bot.i18n import LANGUAGES, translator
from bot.runtime import Runtime, Services

__all__ = ["ChatCommands", "parse_binding"]


def parse_binding(text: str) -> tuple[str, str] | str:
    """`<partnerschap> | <onderwijsregio>` or `regio <onderwijsregio>` → (kind, names…)."""
    text = " ".join(text.split())
    if "|" in text:
        partnership, _, region = (part.strip() for part in text.partition("|"))
        if partnership and region and "|" not in region:
            return "partnership", f"{partnership}|{region}"
        return "bind.usage"
    first, _, rest = text.partition(" ")
    if first.lower() in ("regio", "region") and rest.strip():
        return "region", rest.strip()
    return "bind.usage"


class ChatCommands:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        t = await chat_language(self.services, message.chat_id)
        flows = ", ".join(sorted(flow.id for flow in self.services.catalog))
        await reply(self.services, message, t("help", flows=flows))

    async def bind(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        if message.chat.type == ChatType.PRIVATE:
            await reply(services, message, t("bind.group_only"))
            return
        if not await self._is_admin(update):
            await reply(services, message, t("refusal.admin_only"))
            return
        parsed = parse_binding(" ".join(context.args or []))
        if isinstance(parsed, str):
            await reply(services, message, t(parsed))
            return
        kind, names = parsed
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get_or_create(message.chat_id, message.chat.title or "")
            if kind == "region":
                region = await uow.chats.bind_to_region(chat, names)
                text = t("bind.region", region=region.name)
            else:
                partnership_name, region_name = names.split("|")
                partnership = await uow.chats.bind_to_partnership(
                    chat, partnership_name, region_name
                )
                text = t(
                    "bind.partnership", partnership=partnership.name, region=partnership.region.name
                )
            await uow.commit()
        await reply(services, message, text)

    async def language(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        choice = (context.args or [""])[0].lower()
        if choice not in LANGUAGES:
            await reply(services, message, t("language.usage"))
            return
        if not await self._is_admin(update):
            await reply(services, message, t("refusal.admin_only"))
            return
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get_or_create(message.chat_id, message.chat.title or "")
            await uow.chats.set_language(chat, choice)
            await uow.commit()
        await reply(services, message, translator(choice)("language.set"))

    async def settings(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        args = [arg.lower() for arg in context.args or []]
        modes = {"alles": "all", "all": "all", "reply": "reply", "antwoord": "reply"}
        if args and (
            len(args) != 2 or args[0] not in ("antwoorden", "answers") or args[1] not in modes
        ):
            await reply(services, message, t("settings.usage"))
            return
        if args and not await self._is_admin(update):
            await reply(services, message, t("refusal.admin_only"))
            return
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get_or_create(message.chat_id, message.chat.title or "")
            if args:
                await uow.chats.set_answer_mode(chat, modes[args[1]])
            await uow.commit()
            mode, language = chat.answer_mode, chat.language or services.settings.bot_language
        key = "settings.answers_all" if mode == "all" else "settings.answers_reply"
        text = t("settings.show", answers=t.plain(key), language=language)
        if args and mode == "all":
            text += "\n\n" + t("settings.privacy_hint")
        await reply(services, message, text)

    async def my_data(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        user = update.effective_user
        async with services.unit_of_work() as uow:
            stored = await uow.members.get_by_telegram_id(user.id)
            answers = await uow.answers.of_member(stored.id) if stored else []
            votes = await uow.votes.of_member(stored.id) if stored else []
        export = {
            "telegram_user_id": user.id,
            "first_name": stored.first_name if stored else user.first_name,
            "answers": [
                {
                    "chat": a.telegram_chat_id,
                    "question": a.question_id,
                    "text": a.text,
                    "at": a.created_at.isoformat(),
                }
                for a in answers
            ],
            "votes": [
                {"question": v.question_id, "item": v.item_id, "value": v.value} for v in votes
            ],
        }
        content = json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8")
        caption = t("mydata.caption", answers=len(answers), votes=len(votes))
        try:
            await context.bot.send_document(
                user.id,
                content,
                filename="mijn-gegevens-samenbot.json",
                caption=caption,
                parse_mode="HTML",
            )
        except Forbidden:
            await reply(services, message, t("mydata.start_private_first"))
            return
        if message.chat.type != ChatType.PRIVATE:
            await reply(services, message, t("mydata.sent_privately"))

    async def forget_me(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        async with services.unit_of_work() as uow:
            stored = await uow.members.get_by_telegram_id(update.effective_user.id)
            answers = await uow.answers.delete_of_member(stored.id) if stored else 0
            votes = await uow.votes.delete_of_member(stored.id) if stored else 0
            await uow.commit()
        await reply(services, message, t("forget.done", answers=answers, votes=votes))

    async def unknown(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        command = message.text.split()[0].split("@")
        if len(command) == 2 and command[1].lower() != self.services.bot_username.lower():
            return
        t = await chat_language(self.services, message.chat_id)
        await reply(self.services, message, t("unknown_command", command=command[0]))

    async def _is_admin(self, update: Update) -> bool:
        chat = update.effective_chat
        return await self.services.admins.is_admin(chat.id, chat.type, update.effective_user.id)
