"""/peerreview (plan, show, cancel, as .ics) and /herinneringen (this chat's upcoming reminders).

Planning and cancelling are for the facilitator — a group admin; showing is for everybody.
The timeline itself is `flows.peer_review`; this module parses, stores and shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup
from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.common import chat_language, member_of, place_of, reply
from bot.i18n import Translator
from bot.reminders.planning import schedule_milestones
from bot.reminders.texts import agreed_vraagstukken, day_text, upcoming_line
from bot.runtime import Runtime, Services
from flows.peer_review import (
    Offset,
    PlannedMilestone,
    milestone_date,
    plan,
    timeline_ics,
    timeline_status,
)
from storage import Chat, PeerReview, UnitOfWork

__all__ = ["PeerReviewCommands", "parse_peer_review_arguments", "parse_visit_date"]

MAX_YEARS_AHEAD = 10
LISTED_REMINDERS = 15
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_CANCEL = ("annuleer", "annuleren", "cancel")
_ICS = ("ics", "agenda", "ical")


@dataclass(frozen=True)
class PlanReview:
    visit: date


@dataclass(frozen=True)
class BadDate:
    text: str


def parse_visit_date(text: str) -> date | None:
    """`2027-03-01`, or the Dutch way round `1-3-2027`; None when it is no date."""
    text = text.strip()
    iso, dutch = _ISO.fullmatch(text), _DUTCH.fullmatch(text)
    parts = (iso[1], iso[2], iso[3]) if iso else (dutch[3], dutch[2], dutch[1]) if dutch else None
    if parts is None:
        return None
    try:
        return date(*(int(part) for part in parts))
    except ValueError:
        return None


def parse_peer_review_arguments(args: list[str]) -> str | PlanReview | BadDate:
    """'show', 'cancel', 'ics', 'usage', a date to plan, or a date that could not be read."""
    if not args:
        return "show"
    text = " ".join(args)
    word = text.lower()
    if word in _CANCEL:
        return "cancel"
    if word in _ICS:
        return "ics"
    visit = parse_visit_date(word)
    if visit is not None:
        return PlanReview(visit)
    return BadDate(text) if any(c.isdigit() for c in text) else "usage"


class PeerReviewCommands:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def peer_review(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        parsed = parse_peer_review_arguments(context.args or [])
        today = self._today()
        example = milestone_date(today, Offset(weeks=26)).isoformat()
        match parsed:
            case "usage":
                await reply(services, message, t("peerreview.usage", example=example))
            case BadDate(text):
                await reply(services, message, t("peerreview.bad_date", text=text, example=example))
            case "show":
                await self._show(update, t, example)
            case "ics":
                await self._ics(update, t, example)
            case "cancel":
                await self._cancel(update, t)
            case PlanReview(visit):
                problem = None
                if visit < today:
                    problem = "peerreview.date_past"
                elif visit > milestone_date(today, Offset(years=MAX_YEARS_AHEAD)):
                    problem = "peerreview.date_too_far"
                if problem:
                    date_text = day_text(visit, t.language)
                    await reply(services, message, t(problem, date=date_text, example=example))
                    return
                await self._plan(update, t, visit)

    async def reminders(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        tz = services.reminders.tz
        lines = [t("reminders.list.heading")]
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(message.chat_id)
            upcoming = list(await uow.reminders.upcoming_for_chat(chat.id)) if chat else []
            flows = {}
            for reminder in upcoming[:LISTED_REMINDERS]:
                if reminder.run_id is not None and reminder.run_id not in flows:
                    run = await uow.runs.get(reminder.run_id)
                    flows[reminder.run_id] = await services.runs.flow_of(uow, run) if run else None
        if not upcoming:
            example = milestone_date(self._today(), Offset(weeks=26)).isoformat()
            await reply(services, message, t("reminders.list.none", example=example))
            return
        for reminder in upcoming[:LISTED_REMINDERS]:
            lines.append(upcoming_line(reminder, tz, t, flows.get(reminder.run_id)))
        if len(upcoming) > LISTED_REMINDERS:
            lines.append(t("reminders.list.more", count=len(upcoming) - LISTED_REMINDERS))
        await reply(services, message, "\n".join(lines))

    # the sub-commands

    async def _plan(self, update: Update, t: Translator, visit: date) -> None:
        message = update.effective_message
        services = self.services
        if not await self._is_admin(update):
            await reply(services, message, t("peerreview.admin_only"))
            return
        dispatcher = services.reminders
        now = services.clock()
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(message.chat_id)
            bound = chat is not None and chat.kind != "unbound"
            if bound:
                member = await member_of(uow, update.effective_chat, update.effective_user)
                previous = await uow.peer_reviews.current_for_chat(chat.id)
                review = await uow.peer_reviews.plan(
                    chat.id,
                    chat.partnership_id,
                    chat.region_id,
                    visit,
                    member.id,
                    cycle=previous.cycle if previous else 1,
                )
                planned = plan(visit, now, dispatcher.timeline, dispatcher.tz, dispatcher.send_at)
                await schedule_milestones(uow, review, planned, place_of(message).thread_id)
                name = await _name_of(uow, chat)
                await uow.commit()
        if not bound:
            # Replying sends over the network: never while holding the database.
            await reply(services, message, t("start.refused.not_bound"))
            return
        dispatcher.wake_up()
        parts = [t("peerreview.heading", name=name, date=day_text(visit, t.language))]
        if previous is not None:
            parts.append(t("peerreview.replaced", date=day_text(previous.visit_date, t.language)))
        parts.append(t("peerreview.planned_intro", time=f"{dispatcher.send_at:%H:%M}"))
        lines = [
            t(
                "peerreview.line.past" if item.past else "peerreview.line.planned",
                date=day_text(item.day, t.language),
                title=item.milestone.title,
            )
            for item in planned
        ]
        parts += ["\n".join(lines), t("peerreview.footer")]
        await reply(services, message, "\n\n".join(parts))

    async def _show(self, update: Update, t: Translator, example: str) -> None:
        message = update.effective_message
        services = self.services
        found = await self._current(message.chat_id)
        if found is None:
            await reply(services, message, t("peerreview.none", example=example))
            return
        review, name, _ = found
        dispatcher = services.reminders
        planned = self._planned(review)
        status = timeline_status(planned, services.clock(), dispatcher.tz)

        def line(key: str, item: PlannedMilestone) -> str:
            return t(key, date=day_text(item.day, t.language), title=item.milestone.title)

        lines = [line("peerreview.line.done", item) for item in status.done]
        if status.next is not None:
            lines.append(line("peerreview.line.next", status.next))
        lines += [line("peerreview.line.later", item) for item in status.later]
        parts = [
            t("peerreview.heading", name=name, date=day_text(review.visit_date, t.language)),
            t("peerreview.status_intro", cycle=review.cycle),
            "\n".join(lines),
            t("peerreview.footer"),
        ]
        await reply(services, message, str(Markup("\n\n").join(Markup(p) for p in parts)))

    async def _ics(self, update: Update, t: Translator, example: str) -> None:
        message = update.effective_message
        services = self.services
        found = await self._current(message.chat_id)
        if found is None:
            await reply(services, message, t("peerreview.none", example=example))
            return
        review, name, vraagstukken = found
        content = timeline_ics(
            self._planned(review),
            partnership=name,
            visit=review.visit_date,
            vraagstukken=vraagstukken,
            stamp=services.clock().replace(microsecond=0),
        )
        caption = t(
            "peerreview.ics_caption", name=name, date=day_text(review.visit_date, t.language)
        )
        await services.sender.document(
            place_of(message), content, f"peer-review-{review.visit_date.isoformat()}.ics", caption
        )

    async def _cancel(self, update: Update, t: Translator) -> None:
        message = update.effective_message
        services = self.services
        if not await self._is_admin(update):
            await reply(services, message, t("peerreview.admin_only"))
            return
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(message.chat_id)
            cancelled = await uow.peer_reviews.cancel(chat.id) if chat else None
            await uow.commit()
        if cancelled is None:
            await reply(services, message, t("peerreview.nothing_to_cancel"))
            return
        date_text = day_text(cancelled.visit_date, t.language)
        await reply(services, message, t("peerreview.cancelled", date=date_text))

    # helpers

    async def _current(self, telegram_chat_id: int) -> tuple[PeerReview, str, list[str]] | None:
        """The chat's planned review, the name it goes by, and the vraagstukken agreed so far."""
        services = self.services
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(telegram_chat_id)
            review = await uow.peer_reviews.current_for_chat(chat.id) if chat else None
            if chat is None or review is None:
                return None
            name = await _name_of(uow, chat)
            vraagstukken = await agreed_vraagstukken(
                uow, services.catalog, review.partnership_id, review.region_id
            )
        return review, name, vraagstukken

    def _planned(self, review: PeerReview) -> list[PlannedMilestone]:
        dispatcher = self.services.reminders
        return plan(
            review.visit_date,
            self.services.clock(),
            dispatcher.timeline,
            dispatcher.tz,
            dispatcher.send_at,
        )

    def _today(self) -> date:
        return _local_day(self.services.clock(), self.services.reminders.tz)

    async def _is_admin(self, update: Update) -> bool:
        chat = update.effective_chat
        return await self.services.admins.is_admin(chat.id, chat.type, update.effective_user.id)


def _local_day(moment: datetime, tz) -> date:
    return moment.astimezone(tz).date()


async def _name_of(uow: UnitOfWork, chat: Chat) -> str:
    partnership = await uow.chats.partnership_of(chat)
    if partnership is not None:
        return partnership.name
    region = await uow.chats.region_of(chat)
    return region.name if region is not None else chat.title
