"""The peer-review timeline as an .ics file, for the agendas of the team.

One all-day event per milestone, plus the visit day when the timeline has no milestone of kind
`visit`. Each UID is derived from partnership, visit date and milestone id, so a re-export (or
an export by another member) updates the events already imported instead of adding copies.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from flows.peer_review.model import MilestoneKind
from flows.peer_review.timeline import PlannedMilestone, dutch_date, fill_text, offer_line

__all__ = ["PRODID", "event_uid", "timeline_ics"]

PRODID = "-//samenbot//Peer review Samen Opleiden//NL"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "peer-review.samenbot")
# Keys that no milestone id can take (ids start with a letter or digit).
_VISIT_DAY = "_bezoek"  # the visit day, added when no milestone stands for it
_CALENDAR = "_kalender"


def event_uid(partnership: str, visit: date, milestone_id: str) -> str:
    """Stable: the same partnership, visit and milestone give the same UID on every export."""
    key = f"{partnership}\x1f{visit.isoformat()}\x1f{milestone_id}"
    return f"{uuid.uuid5(_NAMESPACE, key)}@samenbot"


def timeline_ics(
    planned: Sequence[PlannedMilestone],
    *,
    partnership: str,
    visit: date,
    vraagstukken: Sequence[str] = (),
    stamp: datetime | None = None,
) -> bytes:
    """A VCALENDAR with the planned milestones as all-day events.

    `partnership` is the partnership's stable name; it is part of every UID. `stamp` is the
    DTSTAMP of every event (now, when not given); pass a fixed one for byte-identical output.
    """
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    events = [
        _event(
            uid=event_uid(partnership, visit, item.id),
            day=item.day,
            summary=(
                f"Peer review {partnership}"
                if item.milestone.kind is MilestoneKind.VISIT
                else f"Peer review · {item.milestone.title}"
            ),
            description="\n\n".join(
                part
                for part in (
                    fill_text(item.milestone, visit, vraagstukken),
                    offer_line(item.milestone),
                )
                if part
            ),
            busy=item.milestone.kind is MilestoneKind.VISIT,
            stamp=stamp,
        )
        for item in planned
    ]
    if not any(item.milestone.kind is MilestoneKind.VISIT for item in planned):
        events.append(
            _event(
                uid=event_uid(partnership, visit, _VISIT_DAY),
                day=visit,
                summary=f"Peer review {partnership}",
                description=(
                    f"Ontwikkelingsgerichte peer review van {partnership} met het bezoekend "
                    f"panel, {dutch_date(visit)}."
                ),
                busy=True,
                stamp=stamp,
            )
        )
    calendar = Calendar.new(
        prodid=PRODID,
        uid=event_uid(partnership, visit, _CALENDAR),
        name=f"Peer review {partnership}",
        description=f"Tijdlijn van de peer review van {partnership} op {dutch_date(visit)}",
        subcomponents=sorted(events, key=lambda event: event.start),
    )
    return calendar.to_ical()


def _event(
    *, uid: str, day: date, summary: str, description: str, busy: bool, stamp: datetime
) -> Event:
    return Event.new(
        uid=uid,
        stamp=stamp,
        start=day,
        end=day + timedelta(days=1),
        summary=summary,
        description=description,
        # Reminder days do not block the agenda; the visit day does.
        transparency="OPAQUE" if busy else "TRANSPARENT",
    )
