"""What the engine asks the adapter to do. Effects are data: tests assert on lists of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.responses import Answer, Member, Vote
from flows.run_state import RunStatus

__all__ = [
    "Acknowledge",
    "AskQuestion",
    "CloseRun",
    "Effect",
    "Notice",
    "PostOutcome",
    "Refusal",
    "RemindMembers",
    "SaveAnswer",
    "SaveVote",
    "ScheduleDeadline",
    "ShowCard",
    "ShowInfo",
    "ShowTally",
]


@dataclass(frozen=True)
class ShowCard:
    """A card begins: its title, intro and context outcomes."""

    card_number: int


@dataclass(frozen=True)
class ShowInfo:
    card_number: int
    question_id: str


@dataclass(frozen=True)
class AskQuestion:
    card_number: int
    question_id: str
    position: int
    total: int


@dataclass(frozen=True)
class SaveAnswer:
    answer: Answer
    edited: bool = False


@dataclass(frozen=True)
class SaveVote:
    vote: Vote


@dataclass(frozen=True)
class ShowTally:
    card_number: int
    question_id: str
    item_id: str = ""


@dataclass(frozen=True)
class Acknowledge:
    key: int


@dataclass(frozen=True)
class PostOutcome:
    card_number: int


@dataclass(frozen=True)
class CloseRun:
    status: RunStatus


@dataclass(frozen=True)
class ScheduleDeadline:
    """Async mode: move on at `deadline`, nudge the silent members at `nudge_at`."""

    card_number: int
    deadline: datetime
    nudge_at: datetime


@dataclass(frozen=True)
class RemindMembers:
    card_number: int
    members: tuple[Member, ...]
    deadline: datetime | None


@dataclass(frozen=True)
class Notice:
    """Something the group should hear: `paused`, `resumed`, `skipped`, `stopped`."""

    kind: str


@dataclass(frozen=True)
class Refusal:
    """The event is not accepted; `reason` is a message-catalog key the adapter renders."""

    reason: str
    question_id: str | None = None


Effect = (
    ShowCard
    | ShowInfo
    | AskQuestion
    | SaveAnswer
    | SaveVote
    | ShowTally
    | Acknowledge
    | PostOutcome
    | CloseRun
    | ScheduleDeadline
    | RemindMembers
    | Notice
    | Refusal
)
