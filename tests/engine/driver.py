"""A hand-written stand-in for the adapter: performs the engine's effects on an in-memory run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flows.effects import Effect, SaveAnswer, SaveVote
from flows.engine import Decision, decide, start
from flows.events import Event
from flows.responses import Answer, Responses, Vote
from flows.run_state import Mode, RunState
from flows.schema import Flow
from tests.engine.builders import ANNA, NOW


@dataclass
class RunDriver:
    flow: Flow
    state: RunState
    answers: dict[int, Answer] = field(default_factory=dict)
    votes: dict[tuple[str, str, int], Vote] = field(default_factory=dict)
    log: list[Effect] = field(default_factory=list)

    @classmethod
    def begin(
        cls, flow: Flow, cards=None, *, mode=Mode.LIVE, pace_days=None, now: datetime = NOW
    ) -> RunDriver:
        numbers = cards or [c.number for c in flow.cards]
        decision = start(flow, numbers, started_by=ANNA.id, now=now, mode=mode, pace_days=pace_days)
        driver = cls(flow, decision.state)
        driver._perform(decision)
        return driver

    @property
    def responses(self) -> Responses:
        return Responses.of(self.answers.values(), self.votes.values())

    def send(self, event: Event, now: datetime = NOW) -> Decision:
        decision = decide(self.flow, self.state, self.responses, event, now)
        self.state = decision.state
        self._perform(decision)
        return decision

    def _perform(self, decision: Decision) -> None:
        for effect in decision.effects:
            self.log.append(effect)
            if isinstance(effect, SaveAnswer):
                self.answers[effect.answer.key] = effect.answer
            elif isinstance(effect, SaveVote):
                vote = effect.vote
                self.votes[(vote.question_id, vote.item_id, vote.member.id)] = vote
