"""Binding a group, and joining one that exists: `/koppel …` and `/uitnodigen`.

The first group to bind a partnership or region holds it. Another group joins only with a
one-time code that a facilitator of a group already bound to it asks for (`/uitnodigen`), and
every group already there is told who joined. A new partnership in an existing region joins
that region by being created there: the region groups are told, and see its outcome cards.
Without this, any admin of any group could read a partnership's answers by typing its name.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.conductor.places import Place
from bot.handlers.common import actor_of, chat_language, reply
from bot.i18n import translator
from bot.runtime import Runtime, Services
from storage import Chat, ChatKind, RunScope, UnitOfWork
from storage.repositories.invites import InviteRepository

__all__ = ["BindingCommands", "new_code", "parse_binding"]

log = logging.getLogger(__name__)

VALID_FOR = timedelta(days=7)
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed over
_CODE = re.compile(r"[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}")


def new_code() -> str:
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{letters[:5]}-{letters[5:]}"


def parse_binding(text: str) -> tuple[str, str] | str:
    """`<partnerschap> | <onderwijsregio>`, `regio <onderwijsregio>` or `<code>` → (kind, …);
    otherwise the key of the usage text."""
    text = " ".join(text.split())
    if "|" in text:
        partnership, _, region = (part.strip() for part in text.partition("|"))
        if partnership and region and "|" not in region:
            return "partnership", f"{partnership}|{region}"
        return "bind.usage"
    first, _, rest = text.partition(" ")
    if first.lower() in ("regio", "region") and rest.strip():
        return "region", rest.strip()
    if _CODE.fullmatch(text):
        return "code", text
    return "bind.usage"


class BindingCommands:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def bind(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        if message.chat.type == ChatType.PRIVATE:
            await reply(services, message, t("bind.group_only"))
            return
        if not await self._is_facilitator(update):
            await reply(services, message, t("refusal.admin_only"))
            return
        parsed = parse_binding(" ".join(context.args or []))
        if isinstance(parsed, str):
            await reply(services, message, t(parsed))
            return
        kind, names = parsed
        title = message.chat.title or ""
        announce: list[tuple[Chat, str, dict]] = []
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get_or_create(message.chat_id, title)
            if kind == "code":
                text, announce = await self._redeem(uow, chat, names, t)
            elif kind == "region":
                text = await self._bind_region(uow, chat, names, t)
            else:
                text, announce = await self._bind_partnership(uow, chat, *names.split("|"), t=t)
            await uow.commit()
        await reply(services, message, text)
        await self._announce(announce, title)

    async def invite(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        args = [arg.lower() for arg in context.args or []]
        if args not in ([], ["regio"], ["region"]):
            await reply(services, message, t("invite.usage"))
            return
        if message.chat.type == ChatType.PRIVATE:
            await reply(services, message, t("bind.group_only"))
            return
        if not await self._is_facilitator(update):
            await reply(services, message, t("refusal.admin_only"))
            return
        actor = await actor_of(services, update.effective_chat, update.effective_user)
        code = new_code()
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(message.chat_id)
            if chat is None or chat.kind == ChatKind.UNBOUND or chat.region_id is None:
                await reply(services, message, t("invite.unbound"))
                return
            for_region = bool(args) or chat.kind == ChatKind.REGION
            region = await uow.chats.get_region(chat.region_id)
            partnership = (
                await uow.chats.get_partnership(chat.partnership_id)
                if chat.partnership_id
                else None
            )
            await InviteRepository(uow.session).issue(
                code,
                kind=RunScope.REGION if for_region else RunScope.PARTNERSHIP,
                region_id=chat.region_id,
                partnership_id=None if for_region else chat.partnership_id,
                chat_id=chat.id,
                member_id=actor.member.id,
                now=services.clock(),
                valid_for=VALID_FOR,
            )
            await uow.commit()
        days = VALID_FOR.days
        if for_region or partnership is None:
            text = t("invite.code_region", region=region.name, code=code, days=days)
        else:
            text = t("invite.code_partnership", partnership=partnership.name, code=code, days=days)
        await reply(services, message, text)

    async def _bind_region(self, uow: UnitOfWork, chat: Chat, name: str, t) -> str:
        existing = await uow.chats.existing_region(name)
        if existing is not None and chat.region_id == existing.id and chat.kind == ChatKind.REGION:
            return t("bind.region", region=existing.name)
        if existing is not None and await uow.chats.region_is_held(existing):
            return t("bind.needs_code_region", region=existing.name)
        region = await uow.chats.bind_to_region(chat, name)
        return t("bind.region", region=region.name)

    async def _bind_partnership(
        self, uow: UnitOfWork, chat: Chat, partnership_name: str, region_name: str, *, t
    ) -> tuple[str, list]:
        existing = await uow.chats.existing_partnership(partnership_name, region_name)
        if existing is not None and chat.partnership_id != existing.id:
            text = t(
                "bind.needs_code_partnership",
                partnership=existing.name,
                region=existing.region.name,
            )
            return text, []
        partnership = await uow.chats.bind_to_partnership(chat, partnership_name, region_name)
        text = t("bind.partnership", partnership=partnership.name, region=partnership.region.name)
        if existing is not None:
            return text, []  # bound again to what it already held
        # A new partnership joins its region: the region groups see its cards from now on (its
        # sibling partnerships do not, so they need not be told).
        others = [
            c
            for c in await uow.chats.chats_of_region(partnership.region_id)
            if c.kind == ChatKind.REGION
        ]
        values = {"partnership": partnership.name, "region": partnership.region.name}
        return text, [(c, "bind.announce_new_partnership", values) for c in others]

    async def _redeem(self, uow: UnitOfWork, chat: Chat, code: str, t) -> tuple[str, list]:
        invite = await InviteRepository(uow.session).redeem(code, chat.id, self.services.clock())
        if invite is None or invite.issued_by_chat_id == chat.id:
            return t("bind.code_invalid"), []
        region = await uow.chats.get_region(invite.region_id)
        if invite.kind == RunScope.PARTNERSHIP and invite.partnership_id is not None:
            partnership = await uow.chats.get_partnership(invite.partnership_id)
            others = await uow.chats.chats_of_partnership(partnership.id)
            await uow.chats.join_partnership(chat, partnership)
            values = {"partnership": partnership.name}
            text = t("bind.joined_partnership", partnership=partnership.name, region=region.name)
            key = "bind.announce_partnership"
        else:
            others = await uow.chats.chats_of_region(region.id)
            await uow.chats.join_region(chat, region)
            values = {"region": region.name}
            text = t("bind.joined_region", region=region.name)
            key = "bind.announce_region"
        log.info("chat %s joined %s %s with a code", chat.id, invite.kind, invite.id)
        return text, [(c, key, values) for c in others if c.id != chat.id]

    async def _announce(self, announce: list[tuple[Chat, str, dict]], title: str) -> None:
        """Tell the groups already there who joined, each in its own language."""
        services = self.services
        for chat, key, values in announce:
            if not chat.active:
                continue
            t = translator(chat.language or services.settings.bot_language)
            text = t(key, title=title, **values)
            await services.courier.post(Place(chat.telegram_chat_id), chat.title, text)

    async def _is_facilitator(self, update: Update) -> bool:
        chat = update.effective_chat
        actor = await actor_of(self.services, chat, update.effective_user)
        return actor.is_admin
