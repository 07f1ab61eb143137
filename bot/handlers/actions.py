"""/acties and its buttons: the partnership's action points, grouped by owner, with buttons
to take an item or mark it bezig, klaar or vervallen.

Everybody may take an item ("ik pak dit op") and update the ones they own; facilitators (the
group's admins and whoever started the run the item came from) may update any. A press is
always answered: a short Dutch alert when the button is stale, foreign or not yours.

    act:<b|k|v|p>:<item>:<a|o>   bezig, klaar, vervallen, pak op; listing all (a) or open (o)
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.handlers.callback_data import ActionPress, parse_callback
from bot.handlers.common import actor_of, chat_language, place_of, reply
from bot.i18n import Translator
from bot.ledger import ledger_of_chat
from bot.ledger.texts import listing
from bot.runtime import Runtime, Services
from storage import ActionItem, ActionStatus, Chat, UnitOfWork
from storage.models import utcnow

__all__ = ["ActionCommands"]

BUTTONS_AT_MOST = 20  # items with buttons; Telegram allows 100 buttons a message
_STATUS = {"b": ActionStatus.BEZIG, "k": ActionStatus.KLAAR, "v": ActionStatus.VERVALLEN}
_CLOSED = (ActionStatus.KLAAR, ActionStatus.VERVALLEN)


class ActionCommands:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def actions(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/acties [alle]`."""
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        words = [word.lower() for word in context.args or []]
        if words not in ([], ["alle"], ["all"]):
            await reply(services, message, t("actions.usage"))
            return
        everything = bool(words)
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(message.chat_id)
            if chat is None or not ledger_of_chat(chat).known:
                await reply(services, message, t("actions.unbound"))
                return
            text, markup = await _listing(uow, chat, t, everything)
        await reply(services, message, text, markup)

    async def press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        services = self.services
        message = query.message
        chat_id = message.chat_id if message else query.from_user.id
        t = await chat_language(services, chat_id)
        press = parse_callback(query.data)
        if not isinstance(press, ActionPress) or message is None:
            await query.answer(t.plain("button.invalid"), show_alert=True)
            return
        actor = await actor_of(services, message.chat, query.from_user)
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(message.chat_id)
            item = await uow.actions.get(press.item_id)
            if chat is None or item is None or not ledger_of_chat(chat).holds(item):
                await query.answer(t.plain("actions.press.foreign"), show_alert=True)
                return
            refusal = await _refusal(uow, item, press, actor.member.id, actor.is_admin)
            if refusal is not None:
                await query.answer(t.plain(refusal), show_alert=True)
                return
            # Kept as real time, like the moment an outcome card was stored (/vergelijk).
            now = utcnow()
            if press.op == "p":
                changed = await uow.actions.set_owner(item, actor.member.id, now)
                said = t.plain("actions.press.taken", text=_short(item.text))
            else:
                status = _STATUS[press.op]
                changed = await uow.actions.set_status(item, status, now)
                said = t.plain(f"actions.press.{status}", text=_short(item.text))
            text, markup = await _listing(uow, chat, t, press.everything)
            await uow.commit()
        if not changed:
            await query.answer(t.plain("actions.press.unchanged"))
            return
        await query.answer(said)
        await services.sender.edit(place_of(message), message.message_id, text, markup)


async def _refusal(
    uow: UnitOfWork, item: ActionItem, press: ActionPress, member_id: int, is_admin: bool
) -> str | None:
    """The text key of why this member may not press this, or None."""
    if item.status in _CLOSED and press.op == "p":
        return "actions.press.closed"
    if press.op == "p" or item.owner_member_id == member_id or is_admin:
        return None
    run = await uow.runs.get(item.run_id) if item.run_id is not None else None
    if run is not None and run.started_by_member_id == member_id:
        return None
    return "actions.press.not_yours"


async def _listing(
    uow: UnitOfWork, chat: Chat, t: Translator, everything: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    items = await uow.actions.of_ledger(ledger_of_chat(chat), include_closed=everything)
    if not items:
        return t("actions.none_all" if everything else "actions.none"), None
    owners = await uow.actions.owners(items)
    proposers = await uow.actions.proposer_names(item.id for item in items)
    text, numbered = listing(items, owners, proposers, t, everything=everything)
    rows = []
    for number, item in numbered:
        if item.status in _CLOSED or len(rows) >= BUTTONS_AT_MOST:
            continue
        rows.append(
            [
                InlineKeyboardButton(
                    t.plain(f"actions.button.{op}", number=number),
                    callback_data=ActionPress(op, item.id, everything).data,
                )
                for op in ("p", "b", "k", "v")
            ]
        )
    return text, InlineKeyboardMarkup(rows) if rows else None


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
