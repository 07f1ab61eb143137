"""Turning a planned peer review into stored reminders: one row per milestone still to come.

The payload holds what the reminder text needs when it is sent, possibly years later: the
milestone id (its wording is read from the timeline then), its title (for `/herinneringen`,
and in case a region's timeline dropped the milestone meanwhile), the visit and the cycle.
The agreed vraagstukken are not stored here: they are usually agreed after the planning, so
they are looked up when the reminder goes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Self

from flows.peer_review import PlannedMilestone
from storage import PeerReview, UnitOfWork

__all__ = ["MILESTONE", "MilestonePayload", "schedule_milestones"]

MILESTONE = "milestone"


@dataclass(frozen=True)
class MilestonePayload:
    """The payload of a `milestone` reminder."""

    milestone_id: str
    title: str
    visit: date
    day: date
    cycle: int = 1

    @classmethod
    def of(cls, item: PlannedMilestone, review: PeerReview) -> Self:
        return cls(item.id, item.milestone.title, review.visit_date, item.day, review.cycle)

    def to_dict(self) -> dict[str, Any]:
        return {
            "milestone": self.milestone_id,
            "title": self.title,
            "visit": self.visit.isoformat(),
            "day": self.day.isoformat(),
            "cycle": self.cycle,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            milestone_id=str(data["milestone"]),
            title=str(data.get("title") or data["milestone"]),
            visit=date.fromisoformat(data["visit"]),
            day=date.fromisoformat(data["day"]),
            cycle=int(data.get("cycle", 1)),
        )


async def schedule_milestones(
    uow: UnitOfWork,
    review: PeerReview,
    planned: Iterable[PlannedMilestone],
    thread_id: int | None,
    *,
    after: datetime | None = None,
) -> int:
    """One pending reminder per milestone that is not past (and due after `after`, if given).

    Returns how many were scheduled. The caller commits.
    """
    count = 0
    for item in planned:
        if item.past or (after is not None and item.due_at <= after):
            continue
        await uow.reminders.schedule(
            review.chat_id,
            thread_id,
            MILESTONE,
            item.id,
            item.due_at,
            MilestonePayload.of(item, review).to_dict(),
            peer_review_id=review.id,
        )
        count += 1
    return count
