"""Planning a peer review: from a visit date and the timeline file to dated milestones.

Pure computation, no clock: the caller passes `today`/`now`, so every answer is reproducible.
Reminders go out at 09:00 Amsterdam time on their day; `due_at` is that moment in UTC, found
through zoneinfo so the summer/winter-time switch moves the UTC hour, never the local one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from flows.peer_review.model import Milestone, MilestoneKind, Offset, Timeline

__all__ = [
    "AMSTERDAM",
    "NONE_RECORDED",
    "PlannedMilestone",
    "TimelineStatus",
    "dutch_date",
    "fill_text",
    "milestone_date",
    "next_cycle_visit",
    "offer_line",
    "on_a_weekday",
    "plan",
    "timeline_status",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SEND_AT = time(9, 0)
FRIDAY = 4  # date.weekday()

NONE_RECORDED = (
    "• Nog geen vraagstukken vastgelegd. Leg ze samen vast met /gesprek peer-review-voorbereiding."
)


@dataclass(frozen=True)
class PlannedMilestone:
    milestone: Milestone
    day: date  # the calendar date in Amsterdam
    due_at: datetime  # aware, UTC: `send_at` local time on `day`
    past: bool  # its due moment was already over when the review was planned

    @property
    def id(self) -> str:
        return self.milestone.id


@dataclass(frozen=True)
class TimelineStatus:
    """What is done and what is next, for `/peerreview` without arguments."""

    done: tuple[PlannedMilestone, ...]
    next: PlannedMilestone | None
    later: tuple[PlannedMilestone, ...]


def plan(
    visit: date,
    today: date | datetime,
    timeline: Timeline,
    tz: ZoneInfo = AMSTERDAM,
    send_at: time = SEND_AT,
) -> list[PlannedMilestone]:
    """Every milestone of `timeline` dated for a visit on `visit`, in chronological order.

    `today` is the moment of planning: a datetime (naive means local time in `tz`), or a date,
    read as the start of that day, so a milestone due later that same day is still to come.
    Milestones on the same day keep the order of the timeline file. A milestone falling on
    a weekend is moved to the Friday before (the visit itself stays on its day).
    """
    now = _moment(today, tz)
    planned = []
    for milestone in timeline.milestones:
        day = milestone_date(visit, milestone.offset)
        if milestone.kind is not MilestoneKind.VISIT:
            day = on_a_weekday(day)
        due_at = datetime.combine(day, send_at, tzinfo=tz).astimezone(UTC)
        planned.append(PlannedMilestone(milestone, day, due_at, past=due_at < now))
    return sorted(planned, key=lambda item: item.due_at)


def timeline_status(
    planned: Sequence[PlannedMilestone], now: date | datetime, tz: ZoneInfo = AMSTERDAM
) -> TimelineStatus:
    """Done: due before `now`. Next: the first one still to come. Later: the rest."""
    moment = _moment(now, tz)
    ordered = sorted(planned, key=lambda item: item.due_at)
    done = tuple(item for item in ordered if item.due_at < moment)
    coming = ordered[len(done) :]
    return TimelineStatus(done, coming[0] if coming else None, tuple(coming[1:]))


def on_a_weekday(day: date) -> date:
    """A reminder due on a Saturday or Sunday comes on the Friday before: a team reads its
    group chat at work, and what is due on Monday must be known before the weekend."""
    weekend_days = day.weekday() - FRIDAY
    return day - timedelta(days=weekend_days) if weekend_days > 0 else day


def milestone_date(visit: date, offset: Offset) -> date:
    return _add_years(visit, offset.years) + timedelta(weeks=offset.weeks, days=offset.days)


def next_cycle_visit(visit: date) -> date:
    """The same date four years on: the seed's cycle of a peer review every four years."""
    return _add_years(visit, 4)


def dutch_date(day: date, *, weekday: bool = True) -> str:
    """E.g. "dinsdag 9 juni 2026" (Babel's Dutch calendar names, not the OS locale)."""
    return format_date(day, "EEEE d MMMM y" if weekday else "d MMMM y", locale="nl")


def fill_text(
    milestone: Milestone,
    visit: date,
    vraagstukken: Sequence[str],
    *,
    none_recorded: str = NONE_RECORDED,
) -> str:
    """The reminder text with its placeholders filled; see `model.PLACEHOLDERS`."""
    items = [" ".join(item.split()) for item in vraagstukken]
    listing = "\n".join(f"• {item}" for item in items if item) or none_recorded
    return milestone.reminder.format_map(
        {
            "datum": dutch_date(visit),
            "vraagstukken": listing,
            "volgende_datum": dutch_date(next_cycle_visit(visit)),
        }
    )


def offer_line(milestone: Milestone) -> str | None:
    """What the bot offers at this milestone, as a Dutch line with the command to type."""
    lines = []
    if milestone.offers_flow:
        lines.append(f"Start het gesprek met /gesprek {milestone.offers_flow}.")
    if export := milestone.offers_export:
        what = f"het verslag van het gesprek {export.flow}" if export.flow else "het verslag"
        lines.append(
            f"Maak {what} als document met /export {export.format} en stuur het naar {export.to}."
        )
    return "\n".join(lines) or None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _moment(value: date | datetime, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    return datetime.combine(value, time(0), tzinfo=tz)
