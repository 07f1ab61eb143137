"""The engine: a pure, deterministic state machine that moves a run through a flow.

`decide(flow, state, responses, event, now)` returns the new state and the effects the adapter
must perform. It reads the run's answers (`responses`) but never stores them: an accepted answer
comes back as a `SaveAnswer` effect, so what the engine accepted is exactly what gets persisted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flows.conditions import holds
from flows.effects import (
    Acknowledge,
    AskQuestion,
    CloseRun,
    Effect,
    Notice,
    PostOutcome,
    Refusal,
    RemindMembers,
    SaveAnswer,
    SaveVote,
    ScheduleDeadline,
    ShowCard,
    ShowInfo,
    ShowTally,
)
from flows.events import (
    Actor,
    Advance,
    AnswerEdited,
    AnswerGiven,
    DeadlineReached,
    Event,
    NudgeDue,
    Pause,
    Resume,
    Skip,
    Stop,
    VoteCast,
)
from flows.responses import Answer, Responses, Vote
from flows.run_state import Mode, RunState, RunStatus
from flows.schema import Card, Flow, Question, QuestionType, Scope
from flows.text import visible

__all__ = ["Decision", "card_of", "decide", "open_questions", "playable_cards", "start"]


@dataclass(frozen=True)
class Decision:
    state: RunState
    effects: tuple[Effect, ...]

    @property
    def refused(self) -> Refusal | None:
        return next((e for e in self.effects if isinstance(e, Refusal)), None)


def playable_cards(flow: Flow, scope: Scope, from_card: int | None = None) -> list[int]:
    """The cards a chat of `scope` holds (its own and those of `scope: any`), from `from_card`
    on (all of them by default)."""
    numbers = [card.number for card in flow.cards if flow.is_held_in(card, scope)]
    if from_card is not None:
        numbers = [number for number in numbers if number >= from_card]
    return numbers


def open_questions(flow: Flow, state: RunState) -> list[Question]:
    """What members can answer now: the current question (live), or every question posted
    on the current card (async)."""
    card = flow.card(state.card_number) if state.card_number is not None else None
    if not state.status.open or card is None:
        return []
    asked = [q for q in card.questions if q.answerable and q.id in state.asked]
    if state.mode is Mode.ASYNC:
        return asked
    current = card.questions[min(state.question_index, len(card.questions) - 1)]
    return [current] if current in asked else []


def card_of(flow: Flow, question_id: str) -> Card | None:
    return next((c for c in flow.cards if any(q.id == question_id for q in c.questions)), None)


def start(
    flow: Flow,
    cards: Sequence[int],
    *,
    started_by: int,
    now: datetime,
    mode: Mode = Mode.LIVE,
    pace_days: int | None = None,
    responses: Responses | None = None,
) -> Decision:
    if not cards:
        raise ValueError("a run needs at least one card")
    if mode is Mode.ASYNC and not pace_days:
        raise ValueError("async mode needs a pace in days")
    state = RunState(flow.id, tuple(cards), started_by, mode, pace_days)
    return _Step(flow, state, responses or Responses(), now).enter_card()


def decide(
    flow: Flow, state: RunState, responses: Responses, event: Event, now: datetime
) -> Decision:
    step = _Step(flow, state, responses, now)
    if not state.status.open:
        return step.refuse("run_closed")
    match event:
        case AnswerGiven() | AnswerEdited():
            return step.answer(event)
        case VoteCast():
            return step.vote(event)
        case Advance(actor) | Skip(actor) | Pause(actor) | Resume(actor) | Stop(actor):
            if not step.is_facilitator(actor):
                return step.refuse("not_facilitator")
            return step.facilitate(event)
        case DeadlineReached():
            return step.deadline(event)
        case NudgeDue():
            return step.nudge(event)
    raise TypeError(f"unknown event {event!r}")


class _Step:
    """One decision in the making: the inputs, and the effects gathered so far."""

    def __init__(self, flow: Flow, state: RunState, responses: Responses, now: datetime):
        self.flow = flow
        self.state = state
        self.responses = responses
        self.now = now
        self.effects: list[Effect] = []

    def done(self) -> Decision:
        return Decision(self.state, tuple(self.effects))

    def refuse(self, reason: str, question_id: str | None = None) -> Decision:
        return Decision(self.state, (Refusal(reason, question_id),))

    def is_facilitator(self, actor: Actor) -> bool:
        return actor.is_admin or actor.member.id == self.state.started_by

    @property
    def card(self) -> Card:
        number = self.state.card_number
        card = self.flow.card(number) if number is not None else None
        if card is None:
            raise LookupError(f"run of {self.flow.id} points at no card ({number})")
        return card

    # answers and votes

    def _open_question(self, question_id: str) -> tuple[Card, Question] | Decision:
        card = card_of(self.flow, question_id)
        question = self.flow.question(question_id)
        if card is None or question is None:
            return self.refuse("unknown_question", question_id)
        if card.number in self.state.outcomes_posted:
            return self.refuse("card_closed", question_id)
        if question_id not in self.state.asked:
            return self.refuse("question_not_open", question_id)
        return card, question

    def answer(self, event: AnswerGiven | AnswerEdited) -> Decision:
        found = self._open_question(event.question_id)
        if isinstance(found, Decision):
            return found
        card, question = found
        if question.type not in (QuestionType.OPEN, QuestionType.LIST):
            return self.refuse("use_buttons", question.id)
        text = visible(event.text)
        if not text:
            return self.refuse("empty_answer", question.id)
        answer = Answer(card.number, question.id, event.member, text, event.key)
        edited = isinstance(event, AnswerEdited)
        self.effects.append(SaveAnswer(answer, edited=edited))
        if not edited:
            self.effects.append(Acknowledge(event.key))
        return self.done()

    def vote(self, event: VoteCast) -> Decision:
        found = self._open_question(event.question_id)
        if isinstance(found, Decision):
            return found
        card, question = found
        value = self._vote_value(question, event)
        if value is None:
            return self.refuse("not_an_option", question.id)
        vote = Vote(card.number, question.id, event.member, value, event.item_id)
        self.effects += [SaveVote(vote), ShowTally(card.number, question.id, event.item_id)]
        return self.done()

    def _vote_value(self, question: Question, event: VoteCast) -> tuple[str, ...] | int | None:
        if question.type is QuestionType.RATING:
            items = {item.id for item in question.rating_items}
            scale = {point.value for point in question.scale}
            valid = event.item_id in items and event.choice in scale
            return event.choice if valid and isinstance(event.choice, int) else None
        if event.item_id or question.option(str(event.choice)) is None:
            return None
        if question.type is QuestionType.CHOICE:
            return (str(event.choice),)
        current = next(
            (
                vote.value
                for vote in self.responses.votes_on(question.id, "")
                if vote.member.id == event.member.id and isinstance(vote.value, tuple)
            ),
            (),
        )
        chosen = set(current) ^ {str(event.choice)}
        return tuple(option.id for option in question.options if option.id in chosen)

    # facilitator actions

    def facilitate(self, event: Advance | Skip | Pause | Resume | Stop) -> Decision:
        status = self.state.status
        if event.from_question is not None and not self._still_open(event.from_question):
            return self.refuse("already_moved", event.from_question or None)
        match event:
            case Pause():
                if status is not RunStatus.ACTIVE:
                    return self.refuse("already_paused")
                self.state = self.state.evolve(status=RunStatus.PAUSED, deadline=None)
                self.effects.append(Notice("paused"))
            case Resume():
                if status is not RunStatus.PAUSED:
                    return self.refuse("not_paused")
                self.state = self.state.evolve(status=RunStatus.ACTIVE)
                self.effects.append(Notice("resumed"))
                if self.state.mode is Mode.ASYNC:
                    self._schedule_deadline()
                else:
                    self._ask_again()
            case Stop():
                self._stop()
            case Advance() | Skip():
                if status is RunStatus.PAUSED:
                    return self.refuse("paused")
                skip = isinstance(event, Skip)
                missing = None if skip else self._required_without_answers()
                if missing is not None:
                    return self.refuse("no_answers_yet", missing.id)
                if skip:
                    self.effects.append(Notice("skipped"))
                self._move_on()
        return self.done()

    def _still_open(self, question_id: str) -> bool:
        """Live: it is the current question. Async: it belongs to the current card."""
        if self.state.card_number is None:
            return False
        if self.state.mode is Mode.ASYNC:
            return any(q.id == question_id for q in self.card.questions)
        return self.card.questions[self.state.question_index].id == question_id

    def _required_without_answers(self) -> Question | None:
        pending = open_questions(self.flow, self.state)
        return next(
            (q for q in pending if q.required and not self.responses.members_who_answered(q.id)),
            None,
        )

    def _move_on(self) -> None:
        if self.state.mode is Mode.ASYNC:
            self._finish_card()
        else:
            self._ask_from(self.state.question_index + 1)

    def _stop(self) -> None:
        number = self.state.card_number
        if (
            number is not None
            and number not in self.state.outcomes_posted
            and self._card_has_responses(number)
        ):
            self.effects.append(PostOutcome(number))
            self.state = self.state.evolve(outcomes_posted=(*self.state.outcomes_posted, number))
        self._close(RunStatus.STOPPED)

    def _card_has_responses(self, number: int) -> bool:
        card = self.responses.of_card(number)
        return bool(card.answers or card.votes)

    def _close(self, status: RunStatus) -> None:
        self.state = self.state.evolve(status=status, deadline=None)
        self.effects.append(CloseRun(status))

    # time

    def deadline(self, event: DeadlineReached) -> Decision:
        state = self.state
        due = state.deadline is not None and event.now >= state.deadline
        if state.status is RunStatus.ACTIVE and event.card_number == state.card_number and due:
            self._finish_card()
        return self.done()

    def nudge(self, event: NudgeDue) -> Decision:
        state = self.state
        if (
            state.status is RunStatus.ACTIVE
            and event.card_number == state.card_number
            and not state.nudged
        ):
            answered = set()
            for question in self.card.questions:
                answered |= self.responses.members_who_answered(question.id)
            silent = tuple(sorted(m for m in set(event.members) if m not in answered))
            self.state = state.evolve(nudged=True)
            if silent:
                self.effects.append(RemindMembers(event.card_number, silent, state.deadline))
        return self.done()

    # moving through cards and questions

    def enter_card(self) -> Decision:
        card = self.card
        self.effects.append(ShowCard(card.number))
        self.state = self.state.evolve(question_index=0, nudged=False)
        if self.state.mode is Mode.ASYNC:
            for index in range(len(card.questions)):
                self._post(index)
            self.state = self.state.evolve(question_index=len(card.questions) - 1)
            asked_any = any(
                isinstance(e, AskQuestion) and e.card_number == card.number for e in self.effects
            )
            if asked_any:
                self._schedule_deadline()
            else:
                self._finish_card()
        else:
            self._ask_from(0)
        return self.done()

    def _post(self, index: int) -> bool:
        """Post question `index` if its condition holds; True when it waits for answers."""
        card = self.card
        question = card.questions[index]
        if not holds(question.when, self.flow, self.responses):
            return False
        self.state = self.state.evolve(asked=(*self.state.asked, question.id))
        if not question.answerable:
            self.effects.append(ShowInfo(card.number, question.id))
            return False
        self.effects.append(AskQuestion(card.number, question.id, *card.position_of(question)))
        return True

    def _ask_from(self, index: int) -> None:
        questions = self.card.questions
        while index < len(questions):
            if self._post(index):
                self.state = self.state.evolve(question_index=index)
                return
            index += 1
        self._finish_card()

    def _ask_again(self) -> None:
        card = self.card
        question = card.questions[self.state.question_index]
        if question.answerable and question.id in self.state.asked:
            self.effects.append(AskQuestion(card.number, question.id, *card.position_of(question)))

    def _finish_card(self) -> None:
        number = self.card.number
        if number not in self.state.outcomes_posted:
            self.effects.append(PostOutcome(number))
            self.state = self.state.evolve(outcomes_posted=(*self.state.outcomes_posted, number))
        next_index = self.state.card_index + 1
        if next_index >= len(self.state.cards):
            self.state = self.state.evolve(card_index=next_index, question_index=0)
            self._close(RunStatus.FINISHED)
            return
        self.state = self.state.evolve(card_index=next_index, deadline=None)
        self.enter_card()

    def _schedule_deadline(self) -> None:
        days = self.state.pace_days or 1
        deadline = self.now + timedelta(days=days)
        nudge_at = deadline - (timedelta(days=1) if days > 1 else timedelta(hours=12))
        self.state = self.state.evolve(deadline=deadline, nudged=False)
        self.effects.append(ScheduleDeadline(self.card.number, deadline, nudge_at))
