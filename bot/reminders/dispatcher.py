"""The reminder dispatcher: sends every stored reminder once, when it is due.

    dispatcher = ReminderDispatcher(...)
    dispatcher.start()              # a background task of the running bot
    sent = await dispatcher.run_due(now)   # or one pass, directly (tests)
    await dispatcher.stop()

A pass reclaims the claims of a dispatcher that died, claims the due reminders atomically
(`claim_due`: with several bot instances on one database each reminder goes to one of them),
commits, and only then sends — no transaction stays open across a Telegram call. Each reminder
is then marked sent (or sent late, when it was due well before: the bot was down), marked
undeliverable when its chat is gone, or released for another pass after a transient error
until it has failed `max_attempts` times.

Peer-review milestones become a message in the group; async-mode deadlines and nudges of a
run become engine events (`DeadlineReached`, `NudgeDue`) applied to the run, whose effects
the outbox delivers.

The loop sleeps until the next reminder is due, at most `poll_interval`; `wake_up()` starts
a pass at once. There is no PTB JobQueue: the
database is the queue, so reminders survive restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from telegram.error import TelegramError

from bot.conductor.places import Place
from bot.conductor.runs import DEADLINE, NUDGE, Applied
from bot.conductor.sending import ChatGone
from bot.i18n import translator
from bot.ledger import LEDGER_REMINDERS, deliver_ledger_reminder, open_actions_text
from bot.reminders.planning import MILESTONE, MilestonePayload, schedule_milestones
from bot.reminders.texts import agreed_vraagstukken, late_line, milestone_message
from flows.catalog import Catalog
from flows.events import DeadlineReached, Event, NudgeDue
from flows.peer_review import AMSTERDAM, MilestoneKind, Timeline, next_cycle_visit, plan
from flows.peer_review.timeline import SEND_AT
from flows.responses import Member
from storage import PeerReviewStatus, Reminder, ReminderStatus, UnitOfWork

__all__ = ["DispatchPolicy", "ReminderDispatcher"]

log = logging.getLogger(__name__)


class HtmlSender(Protocol):
    async def html(self, place: Place, text: str, markup=None, *, reply_to=None) -> list: ...


class AppliesRunEvents(Protocol):
    async def handle(
        self, place: Place, event: Event, run_id: int | None = None
    ) -> Applied | None: ...


@dataclass(frozen=True)
class DispatchPolicy:
    poll_interval: float = 60.0  # seconds; the longest the loop sleeps
    stale_after: timedelta = timedelta(minutes=10)  # a claim this old: its dispatcher died
    late_after: timedelta = timedelta(minutes=30)  # sent later than this after due: "late"
    max_attempts: int = 5  # transient failures before a reminder is given up
    batch_size: int = 50


@dataclass(frozen=True)
class _Outcome:
    """How a delivery ended, and what to record for it."""

    status: ReminderStatus
    next_cycle: bool = False


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class ReminderDispatcher:
    def __init__(
        self,
        unit_of_work: Callable[..., UnitOfWork],
        sender: HtmlSender,
        runs: AppliesRunEvents,
        catalog: Catalog,
        timeline: Timeline,
        clock: Callable[[], datetime],
        *,
        tz: ZoneInfo = AMSTERDAM,
        send_at: time = SEND_AT,
        language: str = "nl",
        policy: DispatchPolicy | None = None,
        worker_id: str | None = None,
    ) -> None:
        self._uow = unit_of_work
        self._sender = sender
        self._runs = runs
        self._catalog = catalog
        self.timeline = timeline
        self._clock = clock
        self.tz = tz
        self.send_at = send_at
        self._language = language
        self.policy = policy or DispatchPolicy()
        self._wake = asyncio.Event()
        self.worker_id = worker_id or _worker_id()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._batch_was_full = False

    # the loop

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run_forever(), name="reminder-dispatcher")

    async def stop(self, grace: float = 10.0) -> None:
        """Let the pass under way finish (so no claim is left behind), then end the loop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except TimeoutError:
            log.warning("the reminder dispatcher did not stop within %s s; cancelling", grace)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def wake_up(self) -> None:
        """Start a pass now, e.g. after reminders were scheduled or the clock was moved."""
        self._wake.set()

    async def _run_forever(self) -> None:
        log.info("reminder dispatcher %s started", self.worker_id)
        while not self._stopping:
            now = self._clock()
            try:
                await self.run_due(now)
                delay = 0.0 if self._batch_was_full else await self._seconds_until_next(now)
            except Exception:
                # The loop must outlive a database hiccup; the next pass tries again.
                log.exception(
                    "reminder pass failed; trying again in %s s", self.policy.poll_interval
                )
                delay = self.policy.poll_interval
            await self._sleep(delay)
        log.info("reminder dispatcher %s stopped", self.worker_id)

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), seconds)
        else:
            await asyncio.sleep(0)
        self._wake.clear()

    async def _seconds_until_next(self, now: datetime) -> float:
        """Until the next pending reminder, capped; released ones wait for the next poll."""
        async with self._uow(read_only=True) as uow:
            upcoming = await uow.reminders.next_due_after(now)
        cap = self.policy.poll_interval
        if upcoming is None:
            return cap
        return min(cap, max((upcoming - now).total_seconds(), 0.0))

    # one pass

    async def run_due(self, now: datetime | None = None) -> int:
        """Claim what is due at `now`, send it, record it; returns how many were sent."""
        now = now or self._clock()
        async with self._uow() as uow:
            reclaimed = await uow.reminders.reclaim_stale(now, self.policy.stale_after)
            claimed = await uow.reminders.claim_due(now, self.worker_id, self.policy.batch_size)
            await uow.commit()
        if reclaimed:
            log.warning("reclaimed %d reminder(s) whose dispatcher stopped mid-way", reclaimed)
        sent = 0
        for reminder in claimed:
            if await self._deliver(reminder, now):
                sent += 1
        # More may be waiting; but a batch that only failed waits for the next poll.
        self._batch_was_full = len(claimed) == self.policy.batch_size and sent > 0
        return sent

    async def _deliver(self, reminder: Reminder, now: datetime) -> bool:
        late = now - reminder.due_at > self.policy.late_after
        try:
            if reminder.kind == MILESTONE:
                outcome = await self._send_milestone(reminder, now, late)
            elif reminder.kind in (DEADLINE, NUDGE):
                outcome = await self._apply_to_run(reminder, now)
            elif reminder.kind in LEDGER_REMINDERS:
                outcome = _Outcome(
                    await deliver_ledger_reminder(
                        self._uow, self._sender, reminder, now, tz=self.tz, language=self._language
                    )
                )
            else:
                log.error("reminder %s has unknown kind %r; giving up", reminder.id, reminder.kind)
                outcome = _Outcome(ReminderStatus.UNDELIVERABLE)
        except ChatGone:
            log.info("reminder %s: its chat is gone; not trying again", reminder.id)
            outcome = _Outcome(ReminderStatus.UNDELIVERABLE)
        except Exception as error:
            # A transient Telegram or database error, or a bug: try again later, a few times.
            attempt = reminder.attempts + 1
            give_up = attempt >= self.policy.max_attempts
            log.log(
                logging.ERROR if give_up else logging.WARNING,
                "reminder %s failed (attempt %d of %d): %s",
                reminder.id,
                attempt,
                self.policy.max_attempts,
                error,
                exc_info=not isinstance(error, TelegramError),
            )
            outcome = _Outcome(ReminderStatus.UNDELIVERABLE if give_up else ReminderStatus.PENDING)
        if outcome.status in (ReminderStatus.SENT, ReminderStatus.LATE_SENT) and late:
            outcome = _Outcome(ReminderStatus.LATE_SENT, outcome.next_cycle)
        return await self._record(reminder, outcome, now)

    async def _record(self, reminder: Reminder, outcome: _Outcome, now: datetime) -> bool:
        async with self._uow() as uow:
            match outcome.status:
                case ReminderStatus.SENT | ReminderStatus.LATE_SENT:
                    late = outcome.status == ReminderStatus.LATE_SENT
                    recorded = await uow.reminders.mark_sent(reminder.id, late=late, sent_at=now)
                    if recorded and outcome.next_cycle:
                        await self._plan_next_cycle(uow, reminder, now)
                case ReminderStatus.UNDELIVERABLE:
                    recorded = await uow.reminders.mark_undeliverable(reminder.id)
                case ReminderStatus.CANCELLED:
                    # Cancelled while it was claimed: let the cancellation take it.
                    recorded = await uow.reminders.release(reminder.id)
                    if reminder.peer_review_id is not None:
                        await uow.reminders.cancel_pending(peer_review_id=reminder.peer_review_id)
                case _:
                    recorded = await uow.reminders.release(reminder.id)
            await uow.commit()
        if not recorded:
            log.warning("reminder %s was no longer claimed by %s", reminder.id, self.worker_id)
        sent = outcome.status in (ReminderStatus.SENT, ReminderStatus.LATE_SENT)
        return recorded and sent

    # peer-review milestones

    async def _send_milestone(self, reminder: Reminder, now: datetime, late: bool) -> _Outcome:
        payload = MilestonePayload.from_dict(reminder.payload)
        async with self._uow() as uow:
            chat = await uow.chats.get_by_id(reminder.chat_id)
            review = (
                await uow.peer_reviews.get(reminder.peer_review_id)
                if reminder.peer_review_id is not None
                else None
            )
            if review is not None and review.status == PeerReviewStatus.CANCELLED:
                return _Outcome(ReminderStatus.CANCELLED)
            if chat is None or not chat.active:
                return _Outcome(ReminderStatus.UNDELIVERABLE)
            vraagstukken = await agreed_vraagstukken(
                uow,
                self._catalog,
                review.partnership_id if review else chat.partnership_id,
                review.region_id if review else chat.region_id,
            )
            current = await uow.peer_reviews.current_for_chat(chat.id)
            t = translator(chat.language or self._language)
            open_actions = await open_actions_text(uow, chat, t)
        milestone = self.timeline.milestone(payload.milestone_id)
        next_cycle = (
            milestone is not None
            and milestone.kind is MilestoneKind.NEXT_CYCLE
            and review is not None
            and (current is None or current.id == review.id)
        )
        t = translator(chat.language or self._language)
        text = milestone_message(
            payload,
            self.timeline,
            vraagstukken,
            t,
            late=late_line(reminder.due_at, now, self.tz, t) if late else None,
            next_visit=next_cycle_visit(payload.visit) if next_cycle else None,
            open_actions=open_actions,
        )
        await self._sender.html(Place(chat.telegram_chat_id, reminder.message_thread_id), text)
        return _Outcome(ReminderStatus.SENT, next_cycle=next_cycle)

    async def _plan_next_cycle(self, uow: UnitOfWork, reminder: Reminder, now: datetime) -> None:
        """The cycle is complete; the next review, four years on, is planned with its reminders.

        Its first milestone falls on the day of this one, which already said to start: only
        milestones after this reminder's moment are scheduled.
        """
        review = await uow.peer_reviews.get(reminder.peer_review_id)
        if review is None:
            return
        await uow.peer_reviews.complete(review.id)
        following = await uow.peer_reviews.plan(
            review.chat_id,
            review.partnership_id,
            review.region_id,
            next_cycle_visit(review.visit_date),
            review.created_by_member_id,
            cycle=review.cycle + 1,
        )
        planned = plan(following.visit_date, now, self.timeline, self.tz, self.send_at)
        count = await schedule_milestones(
            uow, following, planned, reminder.message_thread_id, after=reminder.due_at
        )
        log.info(
            "peer review %s complete; cycle %d planned for %s with %d reminder(s)",
            review.id,
            following.cycle,
            following.visit_date,
            count,
        )

    # async-mode deadlines and nudges of a run

    async def _apply_to_run(self, reminder: Reminder, now: datetime) -> _Outcome:
        card_number = int(reminder.payload["card_number"])
        async with self._uow() as uow:
            chat = await uow.chats.get_by_id(reminder.chat_id)
            if chat is None or not chat.active:
                return _Outcome(ReminderStatus.UNDELIVERABLE)
            event: Event
            if reminder.kind == NUDGE:
                members = await uow.members.members_of_chat(chat.id)
                event = NudgeDue(
                    card_number, now, tuple(Member(m.id, m.first_name) for m in members)
                )
            else:
                event = DeadlineReached(card_number, now)
        place = Place(chat.telegram_chat_id, reminder.message_thread_id)
        # What the run shows now (the outcome card, the next card) is stored with its new
        # state, and delivered by the outbox courier.
        applied = await self._runs.handle(place, event, run_id=reminder.run_id)
        if applied is None:
            log.info("reminder %s: its run is gone", reminder.id)
        return _Outcome(ReminderStatus.SENT)
