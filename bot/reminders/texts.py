"""What a reminder says: the milestone message sent in the group, the line saying it comes late,
and a reminder as one line of `/herinneringen`.

The milestone wording is the timeline's (Dutch, like all flow content), filled with
`fill_text` and followed by `offer_line`: the command to type, the export to send and to whom.
Everything that comes from the timeline file or from members is escaped here; the frame around
it is the chat's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape
from sqlalchemy import select

from bot.conductor.runs import DEADLINE, NUDGE
from bot.i18n import Translator
from bot.ledger.reminders import LEDGER_REMINDERS
from bot.reminders.planning import MILESTONE, MilestonePayload
from flows.catalog import Catalog
from flows.peer_review import Timeline, dutch_date, fill_text, offer_line
from flows.schema import Flow, QuestionType
from flows.synthesis import OutcomeCard
from storage import OutcomeCard as OutcomeRow
from storage import Reminder, UnitOfWork

__all__ = [
    "VOORBEREIDING",
    "agreed_vraagstukken",
    "day_text",
    "late_line",
    "milestone_message",
    "moment_text",
    "upcoming_line",
]

VOORBEREIDING = "peer-review-voorbereiding"
VRAAGSTUKKEN = "vraagstukken"


def day_text(day: date, language: str, *, today: date | None = None) -> str:
    """'maandag 1 juni 2026'; without the year when it is this year's."""
    text = dutch_date(day) if language == "nl" else f"{day:%A} {day.day} {day:%B} {day.year}"
    if today is not None and today.year == day.year:
        text = text.removesuffix(f" {day.year}")
    return text


def moment_text(moment: datetime, tz: ZoneInfo, language: str) -> str:
    local = moment.astimezone(tz)
    return f"{day_text(local.date(), language)}, {local:%H:%M}"


def late_line(due_at: datetime, now: datetime, tz: ZoneInfo, t: Translator) -> str:
    """'⏰ (verlaat: deze herinnering was voor maandag 1 juni)' — or for 09:00 today."""
    due, today = due_at.astimezone(tz), now.astimezone(tz).date()
    if due.date() == today:
        return t("reminders.late_today", time=f"{due:%H:%M}")
    return t("reminders.late", date=day_text(due.date(), t.language, today=today))


def milestone_message(
    payload: MilestonePayload,
    timeline: Timeline,
    vraagstukken: Sequence[str],
    t: Translator,
    *,
    late: str | None = None,
    next_visit: date | None = None,
    open_actions: str | None = None,
) -> str:
    """The reminder of one peer-review milestone, as Telegram HTML.

    `late` is the line saying it comes late; `next_visit` the visit of the next cycle, when
    this reminder planned it.
    """
    milestone = timeline.milestone(payload.milestone_id)
    title = milestone.title if milestone else payload.title
    parts = [t("reminders.milestone.heading", title=title)]
    if late:
        parts.append(late)
    if milestone is not None:
        parts.append(str(escape(fill_text(milestone, payload.visit, vraagstukken))))
        offer = offer_line(milestone)
        if offer:
            parts.append(t("reminders.milestone.offer", offer=offer))
    else:
        parts.append(t("reminders.milestone.visit", date=day_text(payload.visit, t.language)))
    if open_actions:
        parts.append(open_actions)
    if next_visit is not None:
        parts.append(t("reminders.next_cycle_planned", date=day_text(next_visit, t.language)))
    return str(Markup("\n\n").join(Markup(part) for part in parts))


def upcoming_line(reminder: Reminder, tz: ZoneInfo, t: Translator, flow: Flow | None = None) -> str:
    """One reminder of `/herinneringen`: when, and what it is about."""
    when = moment_text(reminder.due_at, tz, t.language)
    if reminder.kind == MILESTONE:
        payload = MilestonePayload.from_dict(reminder.payload)
        return t("reminders.list.milestone", when=when, title=payload.title)
    if reminder.kind in LEDGER_REMINDERS:
        return t(f"actions.list.{reminder.kind}", when=when)
    if reminder.kind in (DEADLINE, NUDGE):
        number = reminder.payload.get("card_number")
        card = flow.card(number) if flow is not None and isinstance(number, int) else None
        return t(
            f"reminders.list.{reminder.kind}",
            when=when,
            card=number,
            title=card.title if card else (flow.title if flow else ""),
        )
    return t("reminders.list.other", when=when, what=reminder.key)


def vraagstukken_card(catalog: Catalog) -> int | None:
    """The card of `peer-review-voorbereiding` that asks for the vraagstukken as a list."""
    flow = catalog.get(VOORBEREIDING)
    for card in flow.cards if flow else ():
        if any(q.id == VRAAGSTUKKEN and q.type is QuestionType.LIST for q in card.questions):
            return card.number
    return None


async def agreed_vraagstukken(
    uow: UnitOfWork, catalog: Catalog, partnership_id: int | None, region_id: int | None
) -> list[str]:
    """The vraagstukken of the latest outcome card of `peer-review-voorbereiding`.

    A partnership's own card; for a region's review, the region group's own card (the region
    may hold the preparation itself) and then those of each partnership of the region.
    Empty when none was agreed yet (the timeline's text then says how to agree them).
    """
    card = vraagstukken_card(catalog)
    if card is None:
        return []
    if partnership_id is not None:
        row = await uow.outcomes.latest_of_partnership(partnership_id, VOORBEREIDING, card)
        rows = [row] if row is not None else []
    elif region_id is not None:
        rows = [
            *await _region_groups_own(uow, region_id, card),
            *await uow.outcomes.latest_per_partnership_in_region(region_id, VOORBEREIDING, card),
        ]
    else:
        rows = []
    items: dict[str, str] = {}
    for row in rows:
        outcome = OutcomeCard.from_dict(row.data)
        for listed in outcome.lists:
            if listed.question_id != VRAAGSTUKKEN:
                continue
            for item in listed.items:
                items.setdefault(" ".join(item.text.casefold().split()), item.text)
    return list(items.values())


async def _region_groups_own(uow: UnitOfWork, region_id: int, card: int) -> list[OutcomeRow]:
    """The region group's own latest outcome of the vraagstukken card (no partnership's)."""
    statement = (
        select(OutcomeRow)
        .where(
            OutcomeRow.region_id == region_id,
            OutcomeRow.partnership_id.is_(None),
            OutcomeRow.flow_id == VOORBEREIDING,
            OutcomeRow.card_number == card,
        )
        .order_by(OutcomeRow.created_at.desc(), OutcomeRow.id.desc())
        .limit(1)
    )
    latest = await uow.session.scalar(statement)
    return [latest] if latest is not None else []
