"""The run service: load a run, let the engine decide, and persist what it decided — its
state, the answers and votes it accepted, and what the group must see (the outbox) — in one
unit of work. The courier delivers the outbox afterwards.

Everything the engine accepted is committed before anything is shown in the chat, so a
reaction under an answer means the answer is on disk; and nothing decided is lost by a failed
send or a crash, because what to show was committed with it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.conductor.outcomes import MadeOutcome, OutcomeBasis, OutcomeWriter, unmade
from bot.conductor.places import Place
from bot.conductor.recorder import EffectRecorder
from bot.delivery.payloads import fingerprint
from bot.intake.handled import mark_current_update_handled, marked_and_committed
from flows.catalog import Catalog
from flows.effects import (
    Acknowledge,
    AskQuestion,
    CloseRun,
    Effect,
    PostOutcome,
    Refusal,
    SaveAnswer,
    SaveVote,
    ScheduleDeadline,
)
from flows.engine import Decision, decide, open_questions, playable_cards, start
from flows.events import (
    Advance,
    AnswerEdited,
    AnswerGiven,
    Event,
    Pause,
    Resume,
    Skip,
    Stop,
    VoteCast,
)
from flows.responses import Answer, Member, Responses, Vote
from flows.run_state import Mode, RunState, RunStatus
from flows.schema import Flow, Scope
from flows.steering import referred_question
from storage import Chat, QuestionMessage, RunAlreadyActive, UnitOfWork
from storage import Run as RunRow

__all__ = ["Applied", "RunChanged", "RunService", "StartRefused"]

log = logging.getLogger(__name__)

OPEN_STATUSES = (RunStatus.ACTIVE.value, RunStatus.PAUSED.value)
DEADLINE = "card_deadline"
NUDGE = "nudge"
_MAX_ATTEMPTS = 4


@dataclass(frozen=True)
class Applied:
    """A decision that was persisted (or refused): what the handler needs to answer with."""

    run_id: int
    place: Place
    flow: Flow
    state: RunState
    effects: tuple[Effect, ...]
    language: str

    @property
    def refused(self) -> Refusal | None:
        return next((e for e in self.effects if isinstance(e, Refusal)), None)


class RunChanged(Exception):
    """Another instance saved the run while answers were being taken together."""


@dataclass(frozen=True)
class StartRefused:
    reason: str
    detail: str = ""


class RunService:
    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        catalog: Catalog,
        outcome_writer: OutcomeWriter,
        recorder: EffectRecorder,
        clock: Callable[[], datetime],
        default_language: str,
        notify: Callable[[Iterable[tuple[int, str]]], None] = lambda lanes: None,
    ) -> None:
        self._uow = unit_of_work
        self._catalog = catalog
        self._outcomes = outcome_writer
        self._recorder = recorder
        self._clock = clock
        self._language = default_language
        self.notify = notify

    async def start(
        self,
        place: Place,
        member: Member,
        flow_id: str,
        *,
        from_card: int | None = None,
        pace_days: int | None = None,
    ) -> Applied | StartRefused:
        flow = self._catalog.get(flow_id)
        if flow is None:
            return StartRefused("unknown_flow", flow_id)
        async with self._uow() as uow:
            chat = await uow.chats.get(place.chat_id)
            if chat is None or chat.kind == "unbound":
                return StartRefused("not_bound")
            scope = Scope.REGION if chat.kind == "region" else Scope.PARTNERSHIP
            if from_card is not None:
                card = flow.card(from_card)
                if card is None:
                    return StartRefused("unknown_card", str(from_card))
                if not flow.is_held_in(card, scope):
                    return StartRefused(f"card_for_{flow.card_scope(card).value}", str(from_card))
            cards = playable_cards(flow, scope, from_card)
            if not cards:
                return StartRefused(f"flow_for_{flow.scope.value}")
            now = self._clock()
            mode = Mode.ASYNC if pace_days else Mode.LIVE
            decision = start(
                flow, cards, started_by=member.id, now=now, mode=mode, pace_days=pace_days
            )
            await uow.flows.keep(
                self._catalog.hash_of(flow.id), flow.id, flow.model_dump(mode="json")
            )
            try:
                row = await uow.runs.start(
                    chat_id=chat.id,
                    thread_id=place.thread_id,
                    flow_id=flow.id,
                    flow_version=flow.version,
                    flow_hash=self._catalog.hash_of(flow.id),
                    scope=scope.value,
                    partnership_id=chat.partnership_id,
                    region_id=chat.region_id,
                    mode=mode.value,
                    pace_days=pace_days,
                    started_by_member_id=member.id,
                    state=decision.state.to_dict(),
                )
            except RunAlreadyActive:
                return StartRefused("already_running")
            # The bot's clock, like finished_at: a report never ends before it started.
            row.started_at = now
            after = _with_effects(Responses(), decision.effects)
            # A first card without a question to ask ends at once: its outcome is made here.
            bases = await self._outcome_bases(uow, row, chat, flow, decision, after)
            made = await self._outcomes.make_all(bases)
            await self._persist(uow, row, chat, flow, decision, after, now, decision.state, made)
            await uow.commit()
        return self._committed(uow, row, place, flow, decision, chat)

    async def handle(
        self,
        place: Place,
        event: Event,
        run_id: int | None = None,
        *,
        command_message_id: int | None = None,
    ) -> Applied | None:
        """Apply `event` to the run `run_id`, or to the open run of `place`; None without one.

        A facilitator's command names its message (`command_message_id`): it then acts on the
        question that was shown when it was sent, and on nothing else (`flows.steering`).
        """

        async def given(uow: UnitOfWork) -> tuple[int | None, Event]:
            return run_id, event

        return await self.handle_found(place, given, command_message_id=command_message_id)

    async def handle_found(
        self,
        place: Place,
        find: Callable[[UnitOfWork], Awaitable[tuple[int | None, Event] | None]],
        *,
        command_message_id: int | None = None,
    ) -> Applied | None:
        """Like `handle`, with the run and the event found by `find` inside the decision's own
        unit of work (an answer: the question replied to, the member who wrote); None when
        `find` finds none. What `find` stored is kept also when the event is refused.

        A decision that closes a card needs the card's outcome, which takes a while to make
        (synthesis, rendering). It is made with no transaction open, then the event is decided
        again and the outcome stored with the decision — when it is still made of what the
        card holds then; an answer that came in meanwhile makes it be made again."""
        made: dict[int, MadeOutcome] = {}
        for attempt in range(1, _MAX_ATTEMPTS + 1):
            async with self._uow() as uow:
                found = await find(uow)
                if found is None:
                    return None
                run_id, event = found
                row = await self._run_of(uow, place, run_id)
                if row is None:
                    return None
                chat = await uow.chats.get_by_id(row.chat_id)
                flow = await self.flow_of(uow, row)
                state = RunState.from_dict(row.state)
                if command_message_id is not None:
                    event = await self._bound(
                        uow, row, flow, state, place, event, command_message_id
                    )
                responses = await self._what_deciding_needs(uow, row, chat, event)
                now = self._clock()
                decision = decide(flow, state, responses, event, now)
                if decision.refused:
                    await uow.commit()
                    return self._applied(row, place, flow, decision, chat)
                after = _with_effects(responses, decision.effects)
                bases = await self._outcome_bases(uow, row, chat, flow, decision, after)
                to_make = unmade(bases, made)
                if not to_make or attempt == _MAX_ATTEMPTS:
                    made |= await self._outcomes.make_all(to_make)  # the last attempt: here
                    if await self._persist(uow, row, chat, flow, decision, after, now, state, made):
                        await uow.commit()
                        break
                    log.info("run %s changed meanwhile, deciding again (%s)", row.id, attempt)
                    continue
                await uow.commit()  # what `find` stored; the decision waits for its cards
            made |= await self._outcomes.make_all(to_make)  # with no transaction open
        else:
            raise RuntimeError(f"run {row.id} kept changing while deciding {event!r}")
        return self._committed(uow, row, place, flow, decision, chat)

    async def _outcome_bases(
        self,
        uow: UnitOfWork,
        row: RunRow,
        chat: Chat,
        flow: Flow,
        decision: Decision,
        after: Responses,
    ) -> list[OutcomeBasis]:
        """What each outcome card this decision posts is made of (`after`: the responses once
        the decision's answers and votes are saved)."""
        return [
            await self._outcomes.basis(uow, row, chat, flow, effect.card_number, after)
            for effect in decision.effects
            if isinstance(effect, PostOutcome)
        ]

    def _committed(
        self,
        uow: UnitOfWork,
        row: RunRow,
        place: Place,
        flow: Flow,
        decision: Decision,
        chat: Chat | None,
    ) -> Applied:
        """The decision is committed: the update counts as handled, the courier is told which
        lanes got rows, and the handler gets what to answer with."""
        marked_and_committed()
        self.notify(uow.outbox.lanes_added)
        return self._applied(row, place, flow, decision, chat)

    async def take_answers(
        self, uow: UnitOfWork, answers: Sequence[tuple[int, int, AnswerGiven]]
    ) -> set[int]:
        """Decide answers that waited together — (update, run, answer), of one chat or several
        — in the caller's unit of work, storing them, their 👍s and their updates' handling in
        a few statements, however many runs. An answer changes no run's state, so each is
        decided on the state as it is; one the engine refuses, or that would do more than be
        stored and acknowledged, is left out. Returns the updates taken; the caller handles the
        rest one by one.

        Raises `RunChanged` when another instance saved a run meanwhile: nothing is kept."""
        by_run: dict[int, list[tuple[int, AnswerGiven]]] = {}
        for update_id, run_id, answer in answers:
            by_run.setdefault(run_id, []).append((update_id, answer))
        now = self._clock()
        rows = await uow.runs.get_all(by_run)
        stored: list[dict] = []
        acknowledged: list[tuple[RunRow, Chat, list[int]]] = []
        taken: list[int] = []
        versions: dict[int, int] = {}
        for run_id, waiting in by_run.items():
            row = rows.get(run_id)
            if row is None:
                continue
            chat = await uow.chats.get_by_id(row.chat_id)
            flow = await self.flow_of(uow, row)
            state = RunState.from_dict(row.state)
            accepted: list[tuple[int, Decision]] = []
            for update_id, answer in waiting:
                decision = decide(flow, state, Responses(), answer, now)
                if decision.state == state and all(
                    isinstance(effect, SaveAnswer | Acknowledge) for effect in decision.effects
                ):
                    accepted.append((update_id, decision))
            if not accepted:
                continue
            effects = [effect for _, decision in accepted for effect in decision.effects]
            stored.extend(
                {
                    "run_id": row.id,
                    "telegram_chat_id": chat.telegram_chat_id,
                    "card_number": e.answer.card_number,
                    "question_id": e.answer.question_id,
                    "member_id": e.answer.member.id,
                    "message_id": e.answer.key,
                    "text": e.answer.text,
                }
                for e in effects
                if isinstance(e, SaveAnswer)
            )
            acknowledged.append((row, chat, [e.key for e in effects if isinstance(e, Acknowledge)]))
            taken.extend(update_id for update_id, _ in accepted)
            # The version moves on, as with every accepted answer (see `_persist`).
            versions[row.id] = row.version
        if not taken:
            return set()
        if stored:
            await uow.answers.store_all(stored)
        await self._recorder.acknowledge_all(uow, acknowledged)
        await uow.inbox.mark_all_handled(taken)
        if not await uow.runs.move_versions_on(versions):
            raise RunChanged(sorted(versions))
        return set(taken)

    async def _what_deciding_needs(
        self, uow: UnitOfWork, row: RunRow, chat: Chat, event: Event
    ) -> Responses:
        """The answers and votes the engine needs for `event`. An answer needs none, a vote
        the votes of its question: the work per answer stays the same however long the run
        grows. Anything that moves the run reads all of them (piping, conditions, the card's
        outcome)."""
        if isinstance(event, AnswerGiven | AnswerEdited):
            return Responses()
        if isinstance(event, VoteCast):
            votes = await uow.votes.of_question(row.id, event.question_id)
            return Responses.of((), (_vote(v) for v in votes))
        return await self.responses_of(uow, row.id, chat.telegram_chat_id)

    @staticmethod
    async def _bound(
        uow: UnitOfWork,
        row: RunRow,
        flow: Flow,
        state: RunState,
        place: Place,
        event: Event,
        command_message_id: int,
    ) -> Event:
        if not isinstance(event, Advance | Skip | Pause | Resume | Stop):
            return event
        posts = [
            (m.question_id, m.message_id if m.telegram_chat_id == place.chat_id else 0)
            for m in await uow.runs.question_messages_of_run(row.id)
        ]
        open_now = [q.id for q in open_questions(flow, state)]
        referred = referred_question(open_now, posts, command_message_id)
        return replace(event, from_question=referred)

    async def reopen_questions(self, place: Place, *, notice: str | None = None) -> bool:
        """Ask the open question(s) of the chat's run again, without changing the run, after
        the message `notice` (a catalog key) when there are any.

        After a group became a supergroup, replies can only go to messages in the new chat.
        """
        async with self._uow() as uow:
            row = await self._run_of(uow, place, None)
            if row is None or row.status != RunStatus.ACTIVE.value:
                return False
            chat = await uow.chats.get_by_id(row.chat_id)
            flow = await self.flow_of(uow, row)
            state = RunState.from_dict(row.state)
            card = flow.card(state.card_number) if state.card_number else None
            if card is None:
                return False
            asks = [
                AskQuestion(card.number, q.id, *card.position_of(q))
                for q in open_questions(flow, state)
            ]
            responses = await self.responses_of(uow, row.id, chat.telegram_chat_id)
            language = chat.language or self._language
            await self._recorder.ask_again(
                uow, row, chat, flow, asks, responses, language, notice=notice if asks else None
            )
            await uow.commit()
        self.notify(uow.outbox.lanes_added)
        return bool(asks)

    @staticmethod
    async def question_of_message(
        uow: UnitOfWork, telegram_chat_id: int, message_id: int, text: str | None
    ) -> QuestionMessage | None:
        """The question a bot message asks. A post that timed out may have arrived after all,
        and been posted again: a reply to that first copy is known by its text, and counts
        for the same question (recorded here; the caller commits)."""
        found = await uow.runs.question_for_message(telegram_chat_id, message_id)
        if found is not None or not text:
            return found
        chat = await uow.chats.get(telegram_chat_id)
        if chat is None:
            return None
        key = fingerprint(text)
        for post in await uow.outbox.recent_questions(chat.id):
            if post.payload.get("fingerprint") != key:
                continue
            run = await uow.runs.get(post.payload["run_id"])
            if run is None or run.status not in OPEN_STATUSES:
                return None
            return await uow.runs.record_question_message(
                run.id,
                telegram_chat_id,
                message_id,
                post.payload["card_number"],
                post.payload["question_id"],
            )
        return None

    async def view(self, uow: UnitOfWork, run_id: int) -> tuple[Flow, Responses, str]:
        """A run as the chat sees it: its flow, its answers so far, and the chat's language."""
        row = await uow.runs.get(run_id)
        if row is None:
            raise LookupError(f"no run {run_id}")
        chat = await uow.chats.get_by_id(row.chat_id)
        language = (chat.language if chat else None) or self._language
        responses = await self.responses_of(uow, row.id, chat.telegram_chat_id)
        return await self.flow_of(uow, row), responses, language

    @staticmethod
    async def _run_of(uow: UnitOfWork, place: Place, run_id: int | None) -> RunRow | None:
        if run_id is not None:
            return await uow.runs.get(run_id)
        chat = await uow.chats.get(place.chat_id)
        return await uow.runs.active_in(chat.id, place.thread_id) if chat else None

    async def flow_of(self, uow: UnitOfWork, row: RunRow) -> Flow:
        """The flow as it was when the run started: an edited YAML never breaks an old run."""
        current = self._catalog.get(row.flow_id)
        if current is not None and self._catalog.hash_of(row.flow_id) == row.flow_hash:
            return current
        snapshot = await uow.flows.snapshot(row.flow_hash)
        if snapshot is not None:
            return Flow.model_validate(snapshot)
        if current is None:
            raise LookupError(f"flow {row.flow_id} of run {row.id} is gone")
        return current

    @staticmethod
    async def responses_of(uow: UnitOfWork, run_id: int, telegram_chat_id: int) -> Responses:
        """The run's answers and votes. An answer's key is its message id in the chat as it is
        now; answers written before a group became a supergroup get a key of their own, as the
        supergroup numbers its messages afresh."""
        answers = await uow.answers.of_run(run_id)
        votes = await uow.votes.of_run(run_id)
        return Responses.of(
            (
                Answer(
                    a.card_number,
                    a.question_id,
                    _member(a.member),
                    a.text,
                    a.message_id if a.telegram_chat_id == telegram_chat_id else -a.id,
                )
                for a in answers
            ),
            (_vote(v) for v in votes),
        )

    async def _persist(
        self,
        uow: UnitOfWork,
        row: RunRow,
        chat: Chat,
        flow: Flow,
        decision: Decision,
        after: Responses,
        now: datetime,
        before: RunState,
        made: Mapping[int, MadeOutcome],
    ) -> bool:
        """Store the decision, with the outcome cards `made` for it (`after`: the responses
        once its answers and votes are saved); False when another process saved the run
        first."""
        for effect in decision.effects:
            match effect:
                case SaveAnswer(answer, edited=False):
                    await uow.answers.store(
                        row.id,
                        answer.card_number,
                        answer.question_id,
                        answer.member.id,
                        chat.telegram_chat_id,
                        answer.key,
                        answer.text,
                    )
                case SaveAnswer(answer, edited=True):
                    await uow.answers.edit(chat.telegram_chat_id, answer.key, answer.text)
                case SaveVote(vote):
                    value = list(vote.value) if isinstance(vote.value, tuple) else vote.value
                    await uow.votes.cast(
                        row.id,
                        vote.card_number,
                        vote.question_id,
                        vote.item_id,
                        vote.member.id,
                        value,
                    )
                case ScheduleDeadline(card_number, deadline, nudge_at):
                    await self._schedule_deadline(uow, row, card_number, deadline, nudge_at)
                case CloseRun():
                    await uow.reminders.cancel_pending(run_id=row.id)
        outcome_ids = {}
        for effect in decision.effects:
            if isinstance(effect, PostOutcome):
                stored = await self._outcomes.store(uow, row, chat, made[effect.card_number])
                outcome_ids[effect.card_number] = stored.id
        language = chat.language or self._language
        await self._recorder.record(
            uow, row, chat, flow, decision.effects, after, language, outcome_ids
        )
        await self._recorder.close_buttons(
            uow, row, chat, _closed_button_questions(flow, before, decision.state)
        )
        await mark_current_update_handled(uow)
        # Every accepted event bumps the run's version, answers and votes too: an answer that
        # races a deadline closing its card (another instance) makes one of the two decide
        # again, so the answer is either on the outcome card or refused, never acknowledged
        # and left out.
        status = decision.state.status
        finished = None if status.open else now
        return await uow.runs.save_state(
            row.id, row.version, decision.state.to_dict(), status.value, finished_at=finished
        )

    @staticmethod
    async def _schedule_deadline(
        uow: UnitOfWork, row: RunRow, card_number: int, deadline: datetime, nudge_at: datetime
    ) -> None:
        await uow.reminders.cancel_pending(run_id=row.id)
        chat_id, thread = row.chat_id, row.message_thread_id
        payload = {"card_number": card_number}
        await uow.reminders.schedule(
            chat_id, thread, DEADLINE, f"card-{card_number}", deadline, payload, run_id=row.id
        )
        await uow.reminders.schedule(
            chat_id, thread, NUDGE, f"card-{card_number}", nudge_at, payload, run_id=row.id
        )

    def _applied(
        self,
        row: RunRow,
        place: Place,
        flow: Flow,
        decision: Decision,
        chat: Chat | None,
    ) -> Applied:
        language = (chat.language if chat else None) or self._language
        return Applied(
            row.id,
            Place(place.chat_id, row.message_thread_id),
            flow,
            decision.state,
            decision.effects,
            language,
        )


def _closed_button_questions(flow: Flow, before: RunState, after: RunState) -> list[str]:
    """Questions with buttons that were open before the decision and are not after it."""
    still_open = {q.id for q in open_questions(flow, after)} if after.status.open else set()
    return [q.id for q in open_questions(flow, before) if q.votes and q.id not in still_open]


def _vote(row) -> Vote:
    value = tuple(row.value) if isinstance(row.value, list) else row.value
    return Vote(row.card_number, row.question_id, _member(row.member), value, row.item_id)


def _member(row) -> Member:
    return Member(row.id, row.first_name)


def _with_effects(responses: Responses, effects: Sequence[Effect]) -> Responses:
    """The responses as they are once the decision's answers and votes are saved."""
    answers = {a.key: a for a in responses.answers}
    votes = {(v.question_id, v.item_id, v.member.id): v for v in responses.votes}
    for effect in effects:
        if isinstance(effect, SaveAnswer):
            answers[effect.answer.key] = effect.answer
        elif isinstance(effect, SaveVote):
            vote = effect.vote
            votes[(vote.question_id, vote.item_id, vote.member.id)] = vote
    return Responses.of(answers.values(), votes.values())
