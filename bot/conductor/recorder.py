"""Turning the engine's effects into outbox rows, inside the transaction of the decision.

What the group must see is stored with the state change that caused it: a question the run
moved to is never lost by a failed send or a crash, and the courier (`bot/delivery`) delivers
it. Texts are rendered here, at the moment of deciding, so a retry shows exactly what was
decided; only a tally is rendered when it is delivered, because it shows the latest votes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from markupsafe import Markup

from bot.conductor.outcomes import context_outcomes
from bot.delivery.payloads import ACK_REACTION, fingerprint, markup_payload
from bot.i18n import Translator, translator
from bot.presenting.questions import card_text, info_text, question_markup, question_text
from flows.effects import (
    Acknowledge,
    AskQuestion,
    CloseRun,
    Effect,
    Notice,
    PostOutcome,
    RemindMembers,
    ScheduleDeadline,
    ShowCard,
    ShowInfo,
    ShowTally,
)
from flows.peer_review import AMSTERDAM
from flows.responses import Responses
from flows.schema import Flow
from flows.synthesis import OutcomeCard
from storage import ACK_LANE, Chat, NewRow, UnitOfWork
from storage import Run as RunRow

__all__ = ["EffectRecorder"]


class EffectRecorder:
    def __init__(
        self,
        render_outcome: Callable[[OutcomeCard, str | None, str | None], str],
        *,
        tally_delay: float = 1.5,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        tz: tzinfo = AMSTERDAM,
    ) -> None:
        self._render_outcome = render_outcome
        self._tz = tz
        self._tally_delay = timedelta(seconds=tally_delay)
        # Wall-clock time: the courier compares `not_before` with the real time of sending.
        self._clock = clock

    async def record(
        self,
        uow: UnitOfWork,
        run: RunRow,
        chat: Chat,
        flow: Flow,
        effects: Sequence[Effect],
        responses: Responses,
        language: str,
        outcome_ids: Mapping[int, int],
    ) -> None:
        """`outcome_ids`: the stored outcome card of each card the decision closed."""
        out = _Rows(uow, chat.id, run.message_thread_id, run.id)
        t = translator(language)
        for effect in effects:
            match effect:
                case ShowCard(number):
                    closes_at = next(
                        (
                            e.deadline
                            for e in effects
                            if isinstance(e, ScheduleDeadline) and e.card_number == number
                        ),
                        None,
                    )
                    await self._show_card(uow, out, run, flow, number, t, closes_at)
                case ShowInfo(number, question_id):
                    card, question = flow.card(number), flow.question(question_id)
                    await out.message(info_text(card, question, flow, responses))
                case AskQuestion():
                    await self._ask(out, flow, effect, responses, t)
                case ShowTally(_, question_id):
                    await out.add(
                        "tally",
                        {"run_id": run.id, "question_id": question_id},
                        lane="side",
                        key=f"tally:{run.id}:{question_id}",
                        not_before=self._clock() + self._tally_delay,
                    )
                case Acknowledge(key) if key > 0:
                    await out.add("reaction", _reaction(key), lane=ACK_LANE)
                case PostOutcome(number) if number in outcome_ids:
                    await out.add("outcome", {"outcome_id": outcome_ids[number]})
                case CloseRun(status):
                    await out.message(t(f"run.closed.{status.value}"))
                case Notice(kind):
                    await out.message(t(f"notice.{kind}"))
                case RemindMembers():
                    await self._remind(uow, out, flow, effect, t)

    async def acknowledge_all(
        self, uow: UnitOfWork, acknowledged: Sequence[tuple[RunRow, Chat, Sequence[int]]]
    ) -> None:
        """A 👍 under each of these answer messages — per run, its chat and the answers' keys —
        (answers taken together), in one go."""
        reactions = [
            NewRow(chat.id, run.message_thread_id, run.id, _reaction(key))
            for run, chat, keys in acknowledged
            for key in keys
            if key > 0
        ]
        if reactions:
            await uow.outbox.add_all("reaction", reactions, lane=ACK_LANE)

    async def close_buttons(
        self, uow: UnitOfWork, run: RunRow, chat: Chat, question_ids: Sequence[str]
    ) -> None:
        """The run left these questions: their message shows the final tally, without
        buttons, so nobody presses on a question that no longer counts."""
        out = _Rows(uow, chat.id, run.message_thread_id, run.id)
        for question_id in question_ids:
            await out.add(
                "tally",
                {"run_id": run.id, "question_id": question_id, "final": True},
                lane="side",
                key=f"tally-final:{run.id}:{question_id}",
            )

    async def ask_again(
        self,
        uow: UnitOfWork,
        run: RunRow,
        chat: Chat,
        flow: Flow,
        asks: Sequence[AskQuestion],
        responses: Responses,
        language: str,
        *,
        notice: str | None = None,
    ) -> None:
        """Post open questions once more (after a group became a supergroup), after the
        message `notice` (a catalog key)."""
        out = _Rows(uow, chat.id, run.message_thread_id, run.id)
        if notice is not None:
            await out.message(translator(language)(notice))
        for ask in asks:
            await self._ask(out, flow, ask, responses, translator(language))

    async def _ask(
        self, out: _Rows, flow: Flow, effect: AskQuestion, responses: Responses, t: Translator
    ) -> None:
        card = flow.card(effect.card_number)
        question = flow.question(effect.question_id)
        text = question_text(flow, card, question, effect.position, effect.total, responses, t)
        payload = {
            "text": text,
            "markup": markup_payload(question_markup(question, responses, t)),
            "run_id": out.run_id,
            "card_number": effect.card_number,
            "question_id": effect.question_id,
            "fingerprint": fingerprint(text),
        }
        await out.add("question", payload)

    async def _show_card(
        self,
        uow: UnitOfWork,
        out: _Rows,
        run: RunRow,
        flow: Flow,
        number: int,
        t: Translator,
        closes_at: datetime | None,
    ) -> None:
        """The card's intro first (in tempo mode with when it closes), then the earlier
        outcomes it builds on, below it."""
        card = flow.card(number)
        await out.message(card_text(flow, card, t, closes_at, self._tz))
        if not card.context:
            return
        shared = await context_outcomes(uow, flow, card, run.region_id, kind="partnerships")
        own = await context_outcomes(
            uow, flow, card, run.region_id, kind="own", partnership_id=run.partnership_id
        )
        if any(ref.of == "partnerships" for ref in card.context):
            if shared:
                names = ", ".join(sorted(p.name for p in shared))
                await out.message(t("card.context.partnerships", names=names))
            else:
                await out.message(t("card.context.none_yet", flow=flow.id))
        for earlier in [*shared, *own]:
            await out.message(self._render_outcome(earlier.outcome, None, t.language))

    async def _remind(
        self, uow: UnitOfWork, out: _Rows, flow: Flow, effect: RemindMembers, t: Translator
    ) -> None:
        members = [await uow.members.get(member.id) for member in effect.members]
        mentions = Markup(", ").join(
            Markup('<a href="tg://user?id={}">{}</a>').format(m.telegram_user_id, m.first_name)
            for m in members
            if m is not None
        )
        card = flow.card(effect.card_number)
        await out.message(t("async.nudge", mentions=mentions, card=card.number, title=card.title))


def _reaction(message_id: int) -> dict:
    return {"message_id": message_id, "emoji": ACK_REACTION}


class _Rows:
    """Outbox rows of one run in one chat (topic)."""

    def __init__(self, uow: UnitOfWork, chat_id: int, thread_id: int | None, run_id: int) -> None:
        self._uow = uow
        self._chat_id = chat_id
        self._thread_id = thread_id
        self.run_id = run_id

    async def message(self, text: str) -> None:
        await self.add("message", {"text": text})

    async def add(self, kind: str, payload: dict, **options) -> None:
        await self._uow.outbox.add(
            self._chat_id, self._thread_id, kind, payload, run_id=self.run_id, **options
        )
