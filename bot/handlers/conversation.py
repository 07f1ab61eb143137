"""Commands that start and steer a conversation: /gesprek, /volgende, /overslaan, /pauze,
/hervat, /stop, /status and /kaarten."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from markupsafe import Markup, escape
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.conductor.runs import Applied, StartRefused
from bot.handlers.common import actor_of, chat_language, member_of, place_of, reply
from bot.i18n import Translator
from bot.presenting.questions import closing_time
from bot.runtime import Runtime, Services
from flows.engine import open_questions
from flows.events import Advance, Pause, Resume, Skip, Stop
from flows.responses import Member
from flows.run_state import Mode, RunState

__all__ = ["ConversationCommands", "parse_start_arguments"]

FACILITATOR_EVENTS = {
    "volgende": Advance,
    "overslaan": Skip,
    "pauze": Pause,
    "hervat": Resume,
    "stop": Stop,
    # The same, by their English names (bot/commands.py): both work in every chat.
    "next": Advance,
    "skip": Skip,
    "pause": Pause,
    "resume": Resume,
}
MAX_PACE_DAYS = 60
STATUS_QUESTION_WIDTH = 90


def parse_start_arguments(args: list[str]) -> tuple[str, int | None, int | None] | str:
    """`<flow> [kaart N] [tempo D]` → (flow, card, pace), or the catalog key of the mistake."""
    if not args:
        return "start.usage"
    flow_id, rest = args[0].lower(), [a.lower() for a in args[1:]]
    card = pace = None
    while rest:
        word = rest.pop(0)
        if word not in ("kaart", "card", "tempo", "pace") or not rest or not rest[0].isdigit():
            return "start.usage"
        number = int(rest.pop(0))
        if word in ("kaart", "card"):
            card = number
        elif 1 <= number <= MAX_PACE_DAYS:
            pace = number
        else:
            return "start.bad_pace"
    return flow_id, card, pace


class ConversationCommands:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def start_conversation(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        parsed = parse_start_arguments(context.args or [])
        if isinstance(parsed, str):
            await reply(services, message, t(parsed, flows=self._flow_names()))
            return
        flow_id, card, pace = parsed
        await self.start_flow(update, t, flow_id, card, pace)

    async def start_flow(
        self, update: Update, t: Translator, flow_id: str, card: int | None, pace: int | None
    ) -> None:
        message = update.effective_message
        services = self.services
        actor = await actor_of(services, update.effective_chat, update.effective_user)
        result = await services.runs.start(
            place_of(message), actor.member, flow_id, from_card=card, pace_days=pace
        )
        if isinstance(result, StartRefused):
            text = t(
                f"start.refused.{result.reason}",
                detail=result.detail,
                flows=self._flow_names(),
                flow=flow_id,
            )
            await reply(services, message, text)

    async def steer(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        command = message.text.split()[0].lstrip("/").split("@")[0].lower()
        actor = await actor_of(services, update.effective_chat, update.effective_user)
        await services.courier.posted_so_far(message.chat_id)
        applied = await services.runs.handle(
            place_of(message),
            FACILITATOR_EVENTS[command](actor),
            command_message_id=message.message_id,
        )
        t = await chat_language(services, message.chat_id)
        await self.show(applied, message, t)

    async def show(self, applied: Applied | None, message, t: Translator) -> None:
        """What was decided is on its way (the outbox); a refusal is said here. A command sent
        before the question now open was shown says nothing: it was meant for a question the
        group has already left (a second /volgende, or one delivered again)."""
        services = self.services
        if applied is None:
            await reply(services, message, t("run.none"))
        elif applied.refused and applied.refused.reason != "already_moved":
            await reply(services, message, refusal_text(applied, t))

    async def status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        place = place_of(message)
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(place.chat_id)
            row = await uow.runs.active_in(chat.id, place.thread_id) if chat else None
            if row is not None:
                flow, responses, _ = await services.runs.view(uow, row.id)
                # Whoever asks is a member of this chat, and may not have answered yet.
                await member_of(uow, update.effective_chat, update.effective_user)
                await uow.commit()
                seen = await uow.members.members_of_chat(chat.id)
                # Not the stand-in for anonymous admins (keyed by the group's negative id).
                members = [Member(m.id, m.first_name) for m in seen if m.telegram_user_id > 0]
        if row is None:
            await reply(services, message, t("run.none"))
            return
        text = status_text(flow, row, responses, t, services.settings.timezone, members)
        await reply(services, message, text)

    async def list_cards(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        lines = [t("cards.heading")]
        buttons = []
        for flow in sorted(services.catalog, key=lambda f: f.title):
            cards = ", ".join(f"{c.number}. {c.title}" for c in flow.cards)
            lines.append(t("cards.flow", id=flow.id, title=flow.title, cards=cards))
            label = f"▶ {flow.title}"
            buttons.append([InlineKeyboardButton(label, callback_data=f"start:{flow.id}")])
        lines.append(t("cards.footer"))
        await reply(services, message, "\n\n".join(lines), InlineKeyboardMarkup(buttons))

    def _flow_names(self) -> str:
        return ", ".join(sorted(flow.id for flow in self.services.catalog))


def refusal_text(applied: Applied, t: Translator) -> str:
    refusal = applied.refused
    question = applied.flow.question(refusal.question_id) if refusal.question_id else None
    return t(f"refusal.{refusal.reason}", question=question.text if question else "")


def status_text(
    flow, row, responses, t: Translator, tz: tzinfo, members: Sequence[Member] = ()
) -> str:
    """Where the run stands and, per open question, who answered and who not yet (of the
    members seen in this chat). In tempo mode several questions stand open until the card's
    deadline: each is named with it."""
    state = RunState.from_dict(row.state)
    card = flow.card(state.card_number) if state.card_number else None
    lines = [t("status.flow", flow=flow.title, status=t.plain(f"status.{state.status.value}"))]
    if card is None:
        return "\n".join(lines)
    if card.numbered:
        lines.append(t("status.card", number=card.number, title=card.title))
    else:
        lines.append(str(escape(card.title)))
    closes = closing_time(state.deadline, tz, t) if state.deadline else None
    open_now = open_questions(flow, state)
    for question in open_now:
        position, total = card.position_of(question)
        if state.mode is Mode.ASYNC and closes:
            lines.append(
                t(
                    "status.open_question",
                    position=position,
                    total=total,
                    deadline=closes,
                    text=headline(question.text),
                )
            )
        elif state.mode is Mode.LIVE:
            text = headline(question.text)
            lines.append(t("status.question", position=position, total=total, text=text))
        answered = responses.members_who_answered(question.id)
        names = sorted({m.first_name for m in answered})
        who = ", ".join(names) if names else t.plain("status.nobody")
        lines.append(t("status.answered", count=len(names), names=who))
        answered_ids = {m.id for m in answered}
        not_yet = sorted({m.first_name for m in members if m.id not in answered_ids})
        if not_yet:
            lines.append(t("status.not_yet", names=", ".join(not_yet)))
    if closes and not open_now:
        lines.append(t("status.deadline", deadline=closes))
    return str(Markup("\n").join(Markup(line) for line in lines))


def headline(text: str, width: int = STATUS_QUESTION_WIDTH) -> str:
    """A question's first line, cut at a word: /status names questions, it does not repeat
    them (the question messages stand above)."""
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= width else first[:width].rsplit(" ", 1)[0] + " …"
