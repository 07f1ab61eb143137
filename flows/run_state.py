"""The state of one run: where the group is in a flow. Persisted as JSON by `storage/`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = ["Mode", "RunState", "RunStatus"]


class RunStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"

    @property
    def open(self) -> bool:
        return self in (RunStatus.ACTIVE, RunStatus.PAUSED)


class Mode(StrEnum):
    LIVE = "live"
    ASYNC = "async"


@dataclass(frozen=True)
class RunState:
    flow_id: str
    cards: tuple[int, ...]
    started_by: int
    mode: Mode = Mode.LIVE
    pace_days: int | None = None
    status: RunStatus = RunStatus.ACTIVE
    card_index: int = 0
    question_index: int = 0
    asked: tuple[str, ...] = ()
    outcomes_posted: tuple[int, ...] = ()
    deadline: datetime | None = None
    nudged: bool = False

    @property
    def card_number(self) -> int | None:
        return self.cards[self.card_index] if self.card_index < len(self.cards) else None

    def evolve(self, **changes: Any) -> RunState:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["cards"] = list(self.cards)
        data["asked"] = list(self.asked)
        data["outcomes_posted"] = list(self.outcomes_posted)
        data["deadline"] = self.deadline.isoformat() if self.deadline else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunState:
        deadline = data.get("deadline")
        return cls(
            flow_id=data["flow_id"],
            cards=tuple(data["cards"]),
            started_by=data["started_by"],
            mode=Mode(data.get("mode", "live")),
            pace_days=data.get("pace_days"),
            status=RunStatus(data.get("status", "active")),
            card_index=data.get("card_index", 0),
            question_index=data.get("question_index", 0),
            asked=tuple(data.get("asked", ())),
            outcomes_posted=tuple(data.get("outcomes_posted", ())),
            deadline=datetime.fromisoformat(deadline) if deadline else None,
            nudged=data.get("nudged", False),
        )
