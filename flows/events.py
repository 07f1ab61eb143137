"""What can happen to a run, as the adapter reports it to the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.responses import Member

__all__ = [
    "Actor",
    "Advance",
    "AnswerEdited",
    "AnswerGiven",
    "DeadlineReached",
    "Event",
    "NudgeDue",
    "Pause",
    "Resume",
    "Skip",
    "Stop",
    "VoteCast",
]


@dataclass(frozen=True)
class Actor:
    """A member acting on a run; group admins are facilitators wherever they are."""

    member: Member
    is_admin: bool = False


@dataclass(frozen=True)
class AnswerGiven:
    member: Member
    question_id: str
    text: str
    key: int


@dataclass(frozen=True)
class AnswerEdited:
    member: Member
    question_id: str
    text: str
    key: int


@dataclass(frozen=True)
class VoteCast:
    """A button press: an option id for choice/multi (multi toggles), a scale value for rating."""

    member: Member
    question_id: str
    choice: str | int
    item_id: str = ""


@dataclass(frozen=True)
class Advance:
    """Move on. `from_question` names the question the facilitator saw: the one a button was
    pressed on, or the one shown when a command was sent (`flows.steering`). A second press
    or command for the same question does not move the run twice; None leaves it unbound."""

    actor: Actor
    from_question: str | None = None


@dataclass(frozen=True)
class Skip:
    actor: Actor
    from_question: str | None = None


@dataclass(frozen=True)
class Pause:
    actor: Actor
    from_question: str | None = None


@dataclass(frozen=True)
class Resume:
    actor: Actor
    from_question: str | None = None


@dataclass(frozen=True)
class Stop:
    actor: Actor
    from_question: str | None = None


@dataclass(frozen=True)
class DeadlineReached:
    card_number: int
    now: datetime


@dataclass(frozen=True)
class NudgeDue:
    card_number: int
    now: datetime
    members: tuple[Member, ...]


Event = (
    AnswerGiven
    | AnswerEdited
    | VoteCast
    | Advance
    | Skip
    | Pause
    | Resume
    | Stop
    | DeadlineReached
    | NudgeDue
)
