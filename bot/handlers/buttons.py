"""Inline buttons: votes and ratings on question messages, "Volgende ▶"/"Overslaan" for the
facilitator, and starting a flow from /kaarten.

Every press is answered (answerCallbackQuery), so a member's client never spins; a refusal is
shown to the presser alone, as an alert, not posted in the group.
"""

from __future__ import annotations

import logging
import re
from html import unescape

from telegram import CallbackQuery, Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import ContextTypes

from bot.handlers.callback_data import (
    Callback,
    ItemInfo,
    Navigation,
    RatingCast,
    StartFlow,
    VoteChoice,
    parse_callback,
)
from bot.handlers.common import actor_of, chat_language, place_of
from bot.handlers.conversation import ConversationCommands, refusal_text
from bot.runtime import Runtime, Services
from flows.events import Advance, Skip, VoteCast

__all__ = ["ButtonHandlers", "answer_quietly", "is_stale_query"]

log = logging.getLogger(__name__)


class ButtonHandlers:
    def __init__(self, runtime: Runtime, conversation: ConversationCommands) -> None:
        self._runtime = runtime
        self._conversation = conversation

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        pressed = parse_callback(query.data)
        if query.message is None or pressed is None:
            await answer_quietly(query)
            return
        if await self._removed_from(query.message.chat_id):
            # An old button in a chat the bot was removed from: nothing more happens there.
            t = await chat_language(self.services, query.message.chat_id)
            await answer_quietly(query, t.plain("button.stale"), show_alert=True)
            return
        if isinstance(pressed, StartFlow):
            await answer_quietly(query)
            t = await chat_language(self.services, query.message.chat_id)
            await self._conversation.start_flow(update, t, pressed.flow_id, None, None)
            return
        await self._on_question(query, update, pressed)

    async def _on_question(self, query: CallbackQuery, update: Update, pressed: Callback) -> None:
        services = self.services
        message = query.message
        t = await chat_language(services, message.chat_id)
        async with services.unit_of_work() as uow:
            found = await services.runs.question_of_message(
                uow, message.chat_id, message.message_id, getattr(message, "text", None)
            )
            run = await uow.runs.get(found.run_id) if found else None
            if run is not None:
                flow = await services.runs.flow_of(uow, run)
            await uow.commit()
        if run is None:
            await answer_quietly(query, t.plain("button.stale"), show_alert=True)
            return
        question = flow.question(found.question_id)
        actor = await actor_of(services, update.effective_chat, update.effective_user)
        match pressed:
            case Navigation(action):
                event = (Advance if action == "next" else Skip)(actor, from_question=question.id)
            case ItemInfo(index):
                item = _entry(question.rating_items, index)
                await answer_quietly(query, item.text[:190] if item else "", show_alert=True)
                return
            case RatingCast(index, value) if item := _entry(question.rating_items, index):
                event = VoteCast(actor.member, question.id, value, item.id)
            case VoteChoice(index) if option := _entry(question.options, index):
                event = VoteCast(actor.member, question.id, option.id)
            case RatingCast() | VoteChoice():
                await answer_quietly(query, t.plain("button.stale"), show_alert=True)
                return
            case _:
                await answer_quietly(query)
                return
        applied = await services.runs.handle(place_of(message), event, run_id=found.run_id)
        if applied is not None and applied.refused:
            await answer_quietly(query, _plain(refusal_text(applied, t)), show_alert=True)
            return
        await answer_quietly(
            query, t.plain("button.vote_counted") if isinstance(event, VoteCast) else None
        )

    async def _removed_from(self, chat_id: int) -> bool:
        async with self.services.unit_of_work() as uow:
            chat = await uow.chats.get(chat_id)
        return chat is not None and not chat.active


def _entry(entries: list, index: int):
    """The option or item a button names; None when the question no longer has it."""
    return entries[index] if index < len(entries) else None


def _plain(html_text: str) -> str:
    """Alerts are plain text of at most 200 characters."""
    text = unescape(re.sub(r"<[^>]+>", "", html_text))
    return text if len(text) <= 200 else text[:199] + "…"


async def answer_quietly(query: CallbackQuery, text: str | None = None, **options) -> None:
    """Answer a button press. A press delivered again after a restart is too old to answer,
    and an answer lost on the way only leaves a spinner turning a little longer: its effect
    still applies, and nobody needs to hear about it."""
    try:
        await query.answer(text, **options)
    except BadRequest as error:
        if not is_stale_query(error):
            raise
        log.info("a button press was too old to answer: %s", error.message)
    except NetworkError as error:
        log.info("the answer to a button press was lost: %s", error.message)


def is_stale_query(error: BadRequest) -> bool:
    text = error.message.lower()
    return "query is too old" in text or "query id is invalid" in text
