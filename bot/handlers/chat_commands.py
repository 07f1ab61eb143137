"""Commands about the chat itself: /start, /help, /taal, /instellingen, and the member's own
data: /mijngegevens, /vergeetmij. Plus the answers to an unknown command, a number out of range
and a button the bot never made. (/koppel and /uitnodigen: `bot/handlers/invites.py`.)"""

from __future__ import annotations

import json

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes, filters

from bot.commands import closest_command, menu, shown_name
from bot.handlers.callback_data import ForgetAnswer, bounded_int, parse_callback
from bot.handlers.common import ANONYMOUS_ADMIN_USER_ID, chat_language, place_of, reply
from bot.i18n import LANGUAGES, Translator, translator
from bot.privacy import erase_member, stored_about
from bot.runtime import Runtime, Services

__all__ = ["HUGE_NUMBER", "ChatCommands", "has_huge_number", "help_text"]


MAX_COMMAND_NUMBER = 100_000  # card numbers, paces in days: far below, and far below overflow
NUMBER_CHECKED_EXCEPT = ("koppel", "bind")  # an invitation code may be all digits


def has_huge_number(text: str) -> bool:
    """A command with a number no argument can mean (`kaart 99999999999999999999999`)."""
    words = text.split()
    if not words or not words[0].startswith("/"):
        return False
    if words[0][1:].split("@")[0].lower() in NUMBER_CHECKED_EXCEPT:
        return False
    return any(
        word.isdigit() and bounded_int(word, 0, MAX_COMMAND_NUMBER) is None for word in words[1:]
    )


def help_text(t: Translator, flows: str) -> str:
    """What the bot does and how to answer, then a line per command: everybody's commands,
    then the facilitator's, each by its name in the chat's language."""

    def lines(commands: list[str]) -> list[str]:
        return [
            t("help.line", command=f"/{shown_name(c, t.language)}", what=t.plain(f"command.{c}"))
            for c in commands
        ]

    everybody = menu(facilitator=False)
    steering = [c for c in menu(facilitator=True) if c not in everybody]
    parts = [
        t("help"),
        "\n".join([t("help.everybody"), *lines(everybody)]),
        "\n".join([t("help.facilitator"), *lines(steering)]),
        t("help.flows", flows=flows),
    ]
    return "\n\n".join(parts)


class _HugeNumber(filters.MessageFilter):
    def filter(self, message) -> bool:
        return has_huge_number(message.text or "")


HUGE_NUMBER = _HugeNumber(name="HUGE_NUMBER")


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
        await reply(self.services, message, help_text(t, flows))

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
        if user is None or user.id == ANONYMOUS_ADMIN_USER_ID:
            await reply(services, message, t("speaker.personal_only"))
            return
        export = await stored_about(services, user.id)
        content = json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8")
        caption = t(
            "mydata.caption",
            answers=t.plain("count.answers", count=len(export.get("answers", []))),
            votes=t.plain("count.votes", count=len(export.get("votes", []))),
        )
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
        """Asks first: erasing reaches stored outcome cards and cannot be undone."""
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        user = update.effective_user
        if user is None or user.id == ANONYMOUS_ADMIN_USER_ID:
            await reply(services, message, t("speaker.personal_only"))
            return
        yes = InlineKeyboardButton(t.plain("forget.yes"), callback_data=f"forget:yes:{user.id}")
        no = InlineKeyboardButton(t.plain("forget.no"), callback_data=f"forget:no:{user.id}")
        buttons = InlineKeyboardMarkup([[yes, no]])
        await reply(services, message, t("forget.confirm"), buttons)

    async def forget_pressed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        services = self.services
        chat_id = query.message.chat_id if query.message else query.from_user.id
        t = await chat_language(services, chat_id)
        pressed = parse_callback(query.data)
        if not isinstance(pressed, ForgetAnswer):
            await query.answer(t.plain("button.invalid"), show_alert=True)
            return
        if pressed.telegram_user_id != query.from_user.id:
            await query.answer(t.plain("forget.not_yours"), show_alert=True)
            return
        if not pressed.confirmed:
            await query.answer(t.plain("forget.cancelled"))
            await self._close_question(query, t("forget.cancelled"))
            return
        erased = await erase_member(services, query.from_user.id)
        await query.answer()
        text = t(
            "forget.erased",
            answers=t.plain("count.answers", count=erased.answers),
            votes=t.plain("count.votes", count=erased.votes),
            cards=t.plain("forget.redrawn", count=erased.cards) if erased.cards else "",
        ).rstrip()
        await self._close_question(query, text)

    async def refuse_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Callback data the bot never emitted (tampered, foreign, or from an old version)."""
        query = update.callback_query
        chat_id = query.message.chat_id if query.message else query.from_user.id
        t = await chat_language(self.services, chat_id)
        await query.answer(t.plain("button.invalid"), show_alert=True)

    async def refuse_number(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if self._for_another_bot(message.text):
            return
        t = await chat_language(self.services, message.chat_id)
        await reply(self.services, message, t("number.out_of_range"))

    async def _close_question(self, query, text: str) -> None:
        """The confirmation's buttons go; the outcome takes their place."""
        if query.message is None:
            return
        try:
            await query.edit_message_text(text, parse_mode="HTML", reply_markup=None)
        except TelegramError:
            chat = query.message.chat
            await self.services.courier.post(
                place_of(query.message), chat.title or chat.full_name or "", text
            )

    async def unknown(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command the bot does not know: the nearest one it knows, or where to look. One
        addressed to another bot in the group (`/report@OtherBot`) is none of its business."""
        message = update.effective_message
        if self._for_another_bot(message.text):
            return
        typed = message.text.split()[0].split("@")[0]
        t = await chat_language(self.services, message.chat_id)
        meant = closest_command(typed.lstrip("/"), t.language)
        if meant is not None:
            text = t("unknown_command.did_you_mean", command=typed, meant=f"/{meant}")
        else:
            text = t("unknown_command", command=typed)
        await reply(self.services, message, text)

    def _for_another_bot(self, text: str | None) -> bool:
        words = (text or "").split(maxsplit=1)
        addressed = words[0].partition("@")[2] if words else ""
        return bool(addressed) and addressed.lower() != self.services.bot_username.lower()

    async def _is_admin(self, update: Update) -> bool:
        chat = update.effective_chat
        return await self.services.admins.is_admin(chat.id, chat.type, update.effective_user.id)
