"""Performing the engine's effects in the chat, after they were persisted.

Refusals are not performed here: the handler that received the update knows whether to answer
with a reply, a button alert, or not at all (an edit to a closed card).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from markupsafe import Markup

from bot.conductor.outcomes import context_outcomes
from bot.conductor.places import Place
from bot.conductor.runs import Applied
from bot.conductor.sending import Sender
from bot.conductor.tallies import TallyEditor
from bot.i18n import Translator, translator
from bot.narrative import NarrativeWriter
from bot.presenting.questions import card_text, info_text, question_markup, question_text
from bot.rendering import rating_chart_png
from flows.effects import (
    Acknowledge,
    AskQuestion,
    CloseRun,
    Notice,
    PostOutcome,
    RemindMembers,
    ShowCard,
    ShowInfo,
    ShowTally,
)
from flows.synthesis import OutcomeCard, card_answer_texts
from storage import UnitOfWork

__all__ = ["ACK_REACTION", "Performer"]

log = logging.getLogger(__name__)

ACK_REACTION = "👍"


class Performer:
    def __init__(
        self,
        sender: Sender,
        unit_of_work: Callable[[], UnitOfWork],
        tallies: TallyEditor,
        outcome_renderer: Callable[[OutcomeCard, str | None], str],
        narrative: NarrativeWriter | None = None,
    ) -> None:
        self._send = sender
        self._uow = unit_of_work
        self._tallies = tallies
        self._render_outcome = outcome_renderer
        self._narrative = narrative

    async def perform(self, applied: Applied) -> None:
        t = translator(applied.language)
        for effect in applied.effects:
            match effect:
                case ShowCard(number):
                    await self._show_card(applied, number, t)
                case ShowInfo(number, question_id):
                    card = applied.flow.card(number)
                    question = applied.flow.question(question_id)
                    text = info_text(card, question, applied.flow, applied.responses)
                    await self._send.html(applied.place, text)
                case AskQuestion():
                    await self.ask(applied, effect, t)
                case ShowTally(_, question_id):
                    self._tallies.request(applied.place, applied.run_id, question_id)
                case Acknowledge(key):
                    await self._send.react(applied.place, key, ACK_REACTION)
                case PostOutcome(number):
                    await self._post_outcome(applied, number, t)
                case CloseRun(status):
                    await self._send.html(applied.place, t(f"run.closed.{status.value}"))
                case Notice(kind):
                    await self._send.html(applied.place, t(f"notice.{kind}"))
                case RemindMembers():
                    await self._remind(applied, effect, t)

    async def ask(self, applied: Applied, effect: AskQuestion, t: Translator) -> None:
        flow = applied.flow
        card = flow.card(effect.card_number)
        question = flow.question(effect.question_id)
        text = question_text(
            flow, card, question, effect.position, effect.total, applied.responses, t
        )
        markup = question_markup(question, applied.responses, t)
        sent = await self._send.html(applied.place, text, markup)
        async with self._uow() as uow:
            await uow.runs.record_question_message(
                applied.run_id,
                sent[-1].chat_id,
                sent[-1].message_id,
                effect.card_number,
                effect.question_id,
            )
            await uow.commit()

    async def _show_card(self, applied: Applied, number: int, t: Translator) -> None:
        flow = applied.flow
        card = flow.card(number)
        await self._send.html(applied.place, card_text(flow, card, t))
        if not card.context:
            return
        async with self._uow() as uow:
            run = await uow.runs.get(applied.run_id)
            shared = await context_outcomes(uow, flow, card, run.region_id, kind="partnerships")
            own = await context_outcomes(
                uow, flow, card, run.region_id, kind="own", partnership_id=run.partnership_id
            )
        if any(ref.of == "partnerships" for ref in card.context):
            if shared:
                names = ", ".join(sorted(p.name for p in shared))
                await self._send.html(applied.place, t("card.context.partnerships", names=names))
            else:
                await self._send.html(applied.place, t("card.context.none_yet", flow=flow.id))
        for earlier in [*shared, *own]:
            await self._send.html(applied.place, self._render_outcome(earlier.outcome, None))

    async def _post_outcome(self, applied: Applied, number: int, t: Translator) -> None:
        async with self._uow() as uow:
            rows = await uow.outcomes.of_run(applied.run_id)
            row = next((r for r in rows if r.card_number == number), None)
        if row is None:
            log.error("run %s has no stored outcome for card %s", applied.run_id, number)
            return
        outcome, text = OutcomeCard.from_dict(row.data), row.text
        card = applied.flow.card(number)
        if self._narrative is not None and not outcome.is_empty:
            # A network call: made with no unit of work open, so it never holds the database.
            answers = card_answer_texts(card, applied.responses)
            paragraph = await self._narrative.write(outcome, answers)
            if paragraph:
                outcome = outcome.with_narrative(paragraph)
                text = self._render_outcome(outcome, card.outcome.template)
                async with self._uow() as uow:
                    await uow.outcomes.rewrite(row.id, outcome.to_dict(), text)
                    await uow.commit()
        await self.post_stored_outcome(applied.place, row.id, outcome, text, t)

    async def post_stored_outcome(
        self, place: Place, outcome_id: int, outcome: OutcomeCard, text: str, t: Translator
    ) -> None:
        """Show a stored outcome card (with its chart) and record that the group has seen it."""
        await self._send.html(place, text)
        chart = rating_chart_png(outcome)
        if chart:
            await self._send.photo(place, chart, t("outcome.chart", title=outcome.title))
        async with self._uow() as uow:
            await uow.outcomes.mark_posted(outcome_id, datetime.now(UTC))
            await uow.commit()

    async def _remind(self, applied: Applied, effect: RemindMembers, t: Translator) -> None:
        async with self._uow() as uow:
            members = [await uow.members.get(member.id) for member in effect.members]
        mentions = Markup(", ").join(
            Markup('<a href="tg://user?id={}">{}</a>').format(m.telegram_user_id, m.first_name)
            for m in members
            if m is not None
        )
        card = applied.flow.card(effect.card_number)
        await self._send.html(
            applied.place,
            t("async.nudge", mentions=mentions, card=card.number, title=card.title),
        )
