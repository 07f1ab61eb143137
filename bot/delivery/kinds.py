"""How each kind of outbox row reaches Telegram.

A long message goes out in parts (split at paragraph boundaries); every part is recorded as it
arrives, so a retry goes on where a failure stopped it and never posts a part twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import RetryAfter

from bot.conductor.outcomes import Rendered
from bot.conductor.places import Place
from bot.delivery.courier import Deliver, Delivery
from bot.delivery.payloads import markup_from_payload
from bot.i18n import translator
from bot.narrative import NarrativeWriter
from bot.presenting.questions import question_markup, question_text
from bot.rendering import rating_chart_png, split_html
from flows.responses import Responses
from flows.schema import Flow
from flows.synthesis import OutcomeCard, card_answer_texts
from storage import UnitOfWork

__all__ = ["DeliveryKinds"]

log = logging.getLogger(__name__)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
SHOWN_KEPT = 1000  # question messages whose last edit, and groups whose last tally, are remembered
# Seconds between two tally edits in one group: at most half of its 20 messages a minute go to
# tallies, the other half stay free for questions and cards. Votes cast meanwhile ride along.
TALLY_SPACING = 6.0

RunView = Callable[[UnitOfWork, int], Awaitable[tuple[Flow, Responses, str]]]


class TallyWaits(RetryAfter):
    """A group's tally waits its turn (`TALLY_SPACING`): the courier tries it again after
    `retry_after`, as after Telegram's own flood limit, but no 429 was involved."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(wait)
        self.message = f"the group's tally waits its turn ({wait.total_seconds():.1f} s)"


class DeliveryKinds:
    def __init__(
        self,
        bot: Bot,
        view_run: RunView,
        render_outcome: Callable[[OutcomeCard, str | None, str | None], Rendered],
        narrative: NarrativeWriter | None = None,
        default_language: str = "nl",
        *,
        tally_spacing: float = TALLY_SPACING,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bot = bot
        self._language = default_language
        self._view_run = view_run
        self._render_outcome = render_outcome
        self._narrative = narrative
        # What each question message shows since this process last edited it: a tally that
        # would show the same (its votes rode along with the edit before) is not sent again.
        self._shown: OrderedDict[tuple[int, int], tuple[str, object]] = OrderedDict()
        # When each group's last tally edit went out (`tally_spacing`).
        self._tally_spacing = tally_spacing
        self._clock = clock
        self._last_tally: OrderedDict[int, float] = OrderedDict()

    def table(self) -> dict[str, Deliver]:
        return {
            "message": self.message,
            "question": self.question,
            "outcome": self.outcome,
            "reaction": self.reaction,
            "tally": self.tally,
        }

    # posts

    async def message(self, delivery: Delivery) -> None:
        payload = delivery.payload
        reply_to = payload.get("reply_to")
        if payload.get("reply_chat") not in (None, delivery.place.chat_id):
            reply_to = None  # the group moved on; the message replied to stayed behind
        await self._post_parts(
            delivery, payload["text"], markup_from_payload(payload.get("markup")), reply_to
        )

    async def question(self, delivery: Delivery) -> None:
        payload = delivery.payload
        await self._post_parts(delivery, payload["text"], markup_from_payload(payload["markup"]))
        async with delivery.unit_of_work() as uow:
            await uow.runs.record_question_message(
                payload["run_id"],
                delivery.place.chat_id,
                delivery.row.message_ids[-1],
                payload["card_number"],
                payload["question_id"],
            )
            await uow.commit()

    async def outcome(self, delivery: Delivery) -> None:
        """The stored outcome card, its narrative paragraph added first when one is configured,
        then its chart."""
        outcome_id = delivery.payload["outcome_id"]
        async with delivery.unit_of_work() as uow:
            row = await uow.outcomes.get(outcome_id)
            if row is None:
                log.warning("outcome card %s is gone; nothing to post", outcome_id)
                return
            flow, responses, _ = await self._view_run(uow, row.run_id)
        outcome, text = OutcomeCard.from_dict(row.data), row.text
        if delivery.parts_done == 0 and self._narrative is not None and not outcome.narrative:
            outcome, text = await self._narrate(delivery, flow, responses, outcome, text)
        parts = split_html(text)
        await self._post_parts(delivery, text)
        if delivery.parts_done == len(parts):
            chart = await asyncio.to_thread(rating_chart_png, outcome)
            if chart:
                t = translator(delivery.chat.language or self._language)
                sent = await self._bot.send_photo(
                    delivery.place.chat_id,
                    chart,
                    caption=t("outcome.chart", title=outcome.title),
                    parse_mode=ParseMode.HTML,
                    message_thread_id=delivery.place.thread_id,
                )
                await delivery.part_delivered(sent.message_id)
        async with delivery.unit_of_work() as uow:
            await uow.outcomes.mark_posted(outcome_id, datetime.now(UTC))
            await uow.commit()

    async def _narrate(
        self,
        delivery: Delivery,
        flow: Flow,
        responses: Responses,
        outcome: OutcomeCard,
        text: str,
    ) -> tuple[OutcomeCard, str]:
        """A network call made with no unit of work open, so it never holds the database."""
        card = flow.card(outcome.card_number)
        if card is None or outcome.is_empty:
            return outcome, text
        paragraph = await self._narrative.write(outcome, card_answer_texts(card, responses))
        if not paragraph:
            return outcome, text
        outcome = outcome.with_narrative(paragraph)
        language = delivery.chat.language or self._language
        rendered = await asyncio.to_thread(
            self._render_outcome, outcome, card.outcome.template, language
        )
        async with delivery.unit_of_work() as uow:
            await uow.outcomes.rewrite(
                delivery.payload["outcome_id"],
                outcome.to_dict(),
                rendered.text,
                rendered.markdown,
            )
            await uow.commit()
        return outcome, rendered.text

    async def _post_parts(
        self, delivery: Delivery, text: str, markup=None, reply_to: int | None = None
    ) -> None:
        parts = split_html(text)
        place: Place = delivery.place
        for index in range(delivery.parts_done, len(parts)):
            last = index == len(parts) - 1
            sent = await self._bot.send_message(
                place.chat_id,
                parts[index],
                parse_mode=ParseMode.HTML,
                message_thread_id=place.thread_id,
                reply_markup=markup if last else None,
                reply_parameters=_reply(reply_to) if index == 0 else None,
                link_preview_options=_NO_PREVIEW,
            )
            await delivery.part_delivered(sent.message_id)

    # side lane

    async def reaction(self, delivery: Delivery) -> None:
        payload = delivery.payload
        await self._bot.set_message_reaction(
            delivery.place.chat_id, payload["message_id"], payload["emoji"]
        )

    async def tally(self, delivery: Delivery) -> None:
        """The question message shows the votes as they are now (not as they were when the row
        was added): every vote since rides along with this one edit. A `final` tally (the run
        left the question) also takes the buttons away; a `received` one says how many answers
        came in (while Telegram holds the 👍s under them back, see the courier)."""
        run_id, question_id = delivery.payload["run_id"], delivery.payload["question_id"]
        final = delivery.payload.get("final", False)
        async with delivery.unit_of_work() as uow:
            flow, responses, language = await self._view_run(uow, run_id)
            messages = [
                m
                for m in await uow.runs.question_messages_of_run(run_id)
                if m.question_id == question_id
            ]
        if not messages:
            return
        # Only the newest copy in the chat as it is now: the one the group looks at (a question
        # asked again after a migration, or a second copy after a timeout).
        newest = max(
            messages, key=lambda m: (m.telegram_chat_id == delivery.place.chat_id, m.message_id)
        )
        question = flow.question(question_id)
        card = flow.card(newest.card_number)
        if question is None or card is None or newest.telegram_chat_id != delivery.place.chat_id:
            return
        t = translator(language)
        position, total = card.position_of(question)
        received = delivery.payload.get("received", False)
        text = question_text(
            flow, card, question, position, total, responses, t, closed=final, received=received
        )
        markup = None if final else question_markup(question, responses, t)
        if not isinstance(markup, InlineKeyboardMarkup):
            markup = None  # an edit keeps buttons only; "reply to this" was for the post
        message = (newest.telegram_chat_id, newest.message_id)
        shown = (text, markup.to_dict() if markup else None)
        if self._shown.get(message) == shown:
            return
        if not final:  # taking the buttons away does not wait
            self._pace_tally(newest.telegram_chat_id)
        await self._bot.edit_message_text(
            text,
            *message,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=_NO_PREVIEW,
        )
        _remember(self._shown, message, shown)
        _remember(self._last_tally, newest.telegram_chat_id, self._clock())

    def _pace_tally(self, chat_id: int) -> None:
        """A group's tally is edited at most once every `tally_spacing` seconds: a tally due
        sooner is tried again then (the group's flood limit, applied here), showing every vote
        cast meanwhile."""
        last = self._last_tally.get(chat_id)
        wait = 0.0 if last is None else last + self._tally_spacing - self._clock()
        if wait > 0:
            raise TallyWaits(timedelta(seconds=wait))


def _reply(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


def _remember(kept: OrderedDict, key, value) -> None:
    """Keep `value` as the newest of at most SHOWN_KEPT entries."""
    kept[key] = value
    kept.move_to_end(key)
    if len(kept) > SHOWN_KEPT:
        kept.popitem(last=False)
