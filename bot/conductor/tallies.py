"""Tallies on question messages, with edits coalesced.

Thirty members voting within a second would be thirty edits of one message — far past
Telegram's limits. Instead the first vote schedules one edit a moment later, and every vote
until then rides along with it: the edit shows the tally as it is when it is made.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram.error import BadRequest

from bot.conductor.places import Place
from bot.conductor.sending import ChatGone, Sender
from bot.i18n import translator
from bot.presenting.questions import question_markup, question_text
from storage import UnitOfWork

__all__ = ["TallyEditor"]

log = logging.getLogger(__name__)

RunLoader = Callable[[UnitOfWork, int], Awaitable[tuple]]


class TallyEditor:
    def __init__(
        self,
        sender: Sender,
        unit_of_work: Callable[[], UnitOfWork],
        load_run: RunLoader,
        delay: float = 1.5,
    ) -> None:
        self._send = sender
        self._uow = unit_of_work
        self._load_run = load_run
        self._delay = delay
        self._pending: dict[tuple[int, str], tuple[Place, asyncio.Task]] = {}

    def request(self, place: Place, run_id: int, question_id: str) -> None:
        key = (run_id, question_id)
        if key not in self._pending:
            task = asyncio.create_task(self._edit_later(place, run_id, question_id))
            self._pending[key] = (place, task)

    async def flush(self) -> None:
        """Make every pending edit now (at shutdown, nothing the group voted goes unshown)."""
        while self._pending:
            tasks = [task for _, task in self._pending.values()]
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _edit_later(self, place: Place, run_id: int, question_id: str) -> None:
        try:
            await asyncio.sleep(self._delay)
        finally:
            self._pending.pop((run_id, question_id), None)
        try:
            await self._edit(place, run_id, question_id)
        except ChatGone:
            return
        except Exception:
            log.exception("could not update the tally of %s in run %s", question_id, run_id)

    async def _edit(self, place: Place, run_id: int, question_id: str) -> None:
        async with self._uow() as uow:
            flow, responses, language = await self._load_run(uow, run_id)
            messages = [
                m
                for m in await uow.runs.question_messages_of_run(run_id)
                if m.question_id == question_id
            ]
        question = flow.question(question_id)
        card = flow.card(messages[-1].card_number) if messages else None
        if question is None or card is None:
            return
        t = translator(language)
        position, total = card.position_of(question)
        text = question_text(flow, card, question, position, total, responses, t)
        markup = question_markup(question, responses, t)
        # Only the newest copy (a question asked again after /hervat or a migration): it is the
        # one the group looks at, and one edit per tally keeps within Telegram's limits.
        newest = messages[-1]
        try:
            await self._send.edit(
                Place(newest.telegram_chat_id, place.thread_id), newest.message_id, text, markup
            )
        except BadRequest as error:
            log.warning("could not show the tally on message %s: %s", newest.message_id, error)

    def cancel(self, chat_id: int) -> None:
        """Drop the pending edits in a chat that is gone (migrated: its messages stayed)."""
        for key, (place, task) in list(self._pending.items()):
            if place.chat_id == chat_id:
                task.cancel()
                self._pending.pop(key, None)
