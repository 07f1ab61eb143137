"""The courier: delivers the outbox, in order per chat, and never gives up quietly.

    courier = OutboxCourier(bot, unit_of_work, kinds)
    courier.start()          # a background task of the running bot
    courier.wake()           # after a commit that added rows
    await courier.stop()

Each chat has three lanes. `post` carries messages — card intros, questions, outcome cards,
replies — strictly one after another, so a question never overtakes its card's intro and a
row that must be retried holds back the rows behind it. `side` carries tally edits, which must
never hold a question up. Lanes of different chats run concurrently. `ack` carries the 👍s
under answers: those of all chats are read, sent a few chats at a time and marked delivered
together, so a hundred groups answering cost a few statements per batch of 👍s, not per 👍.
(With several instances two may send the same 👍 at once: setting a reaction twice changes
nothing.)

How a delivery ends:
- delivered: the row is marked sent with the message ids it produced;
- transient trouble (a network error, a timeout, a 5xx, a 429 with `retry_after`): tried
  again later with backoff, never reported to the group; a timeout after delivery may leave
  a second copy, which `bot.delivery.payloads.fingerprint` makes harmless;
- the chat moved (group → supergroup): posts follow it, edits and reactions stay behind;
- the bot was removed: the chat is marked inactive and what waits there is given up;
- refused (a message to edit is gone, a thread was deleted): given up, logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import itertools
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import ForceReply, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.conductor.places import Place
from bot.delivery.payloads import markup_payload
from bot.intake.handled import mark_current_update_handled, marked_and_committed
from bot.work_loop import WorkLoop
from storage import ACK_LANE, Chat, OutboxMessage, UnitOfWork

__all__ = ["Delivery", "DeliveryPolicy", "OutboxCourier"]

log = logging.getLogger(__name__)

Deliver = Callable[["Delivery"], Awaitable[None]]

# With several instances, a lane's lease is renewed before each row it delivers; when an
# instance dies, another takes the lane over once the lease has run out.
LANE_LEASE = timedelta(seconds=30)
BATCH = 50  # rows of a lane read at once
ACK_BATCH = 200  # 👍s of all chats read at once
ACK_AT_ONCE = 4  # chats whose 👍s are sent at the same moment
# Telegram holding a chat's 👍s back this long (429 retry_after) queues no minutes of 👍s:
# while it lasts, the questions answered show how many answers came in instead.
ACK_COUNT_AFTER = timedelta(seconds=10)
_ACKS = (0, ACK_LANE)  # the acknowledgements' one "lane" among the lanes being delivered
# What was delivered is kept a while: a reply to an old copy of a question is still recognised.
KEEP_DONE = timedelta(days=30)


class _Ended(enum.Enum):
    DELIVERED = "delivered"
    GIVEN_UP = "given up"  # refused for good: the lane goes on
    AGAIN = "again"  # tried again later, or the chat changed: the lane stops for now


@dataclass(frozen=True)
class DeliveryPolicy:
    first_retry: float = 0.5  # seconds; doubled on every further attempt
    longest_wait: float = 60.0
    max_attempts: int = 60  # about an hour of trying before a row is given up
    poll_interval: float = 5.0  # the longest the loop sleeps without being woken


@dataclass
class Delivery:
    """One row being delivered: where to, and a way to record each part as it arrives."""

    row: OutboxMessage
    chat: Chat
    place: Place
    unit_of_work: Callable[[], UnitOfWork]

    @property
    def payload(self) -> dict:
        return self.row.payload

    @property
    def parts_done(self) -> int:
        return len(self.row.message_ids)

    async def part_delivered(self, message_id: int) -> None:
        async with self.unit_of_work() as uow:
            await uow.outbox.part_delivered(self.row.id, message_id)
            await uow.commit()
        self.row.message_ids = [*self.row.message_ids, message_id]


class OutboxCourier(WorkLoop):
    name = "outbox-courier"

    def __init__(
        self,
        unit_of_work: Callable[..., UnitOfWork],
        kinds: dict[str, Deliver],
        *,
        policy: DeliveryPolicy | None = None,
        on_chat_closed: Callable[[int], None] = lambda chat_id: None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        worker_id: str | None = None,
        shared: bool = True,
    ) -> None:
        """`shared`: other instances may deliver from the same outbox (PostgreSQL)."""
        self._shared = shared
        self._worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self._uow = unit_of_work
        self._kinds = kinds
        self.policy = policy or DeliveryPolicy()
        self._on_chat_closed = on_chat_closed
        self._clock = clock
        super().__init__()
        self.poll_interval = self.policy.poll_interval
        self._busy: dict[tuple[int, str], asyncio.Task] = {}
        self._posting: dict[int, asyncio.Event] = {}  # telegram chat id -> question in flight
        self._holders = itertools.count(1)
        # Lanes being delivered that got rows meanwhile: they read on before they stop.
        self._fresh: set[tuple[int, str]] = set()
        # Chats whose 👍s Telegram holds back, until when (ACK_COUNT_AFTER).
        self._acks_held: dict[int, datetime] = {}

    async def post(
        self,
        place: Place,
        chat_title: str,
        text: str,
        markup: InlineKeyboardMarkup | ForceReply | None = None,
        *,
        reply_to: int | None = None,
        key: str | None = None,
    ) -> None:
        """A message to deliver in `place` (a reply to `reply_to`): stored, then sent in turn
        after what the chat is already waiting for, and retried until it arrives. With `key`,
        not when a message of that key still waits (one note, not thirty, while the bot lags)."""
        payload = {"text": text, "markup": markup_payload(markup)}
        if reply_to is not None:
            payload |= {"reply_to": reply_to, "reply_chat": place.chat_id}
        async with self._uow() as uow:
            chat = await uow.chats.get_or_create(place.chat_id, chat_title)
            await uow.outbox.add(chat.id, place.thread_id, "message", payload, key=key)
            await mark_current_update_handled(uow)
            await uow.commit()
        marked_and_committed()
        self.wake()

    async def posted_so_far(self, telegram_chat_id: int, limit: float = 1.0) -> None:
        """Until the question being posted in this chat (if any) is delivered and recorded.

        A member who saw a question may answer or steer within milliseconds, before the bot
        has recorded that question's message: a command is then held until it has, so it is
        compared with what the member saw. At most `limit` seconds: a post that waits for
        Telegram's rate limit has not been seen by anyone, and must not hold the chat up."""
        in_flight = self._posting.get(telegram_chat_id)
        if in_flight is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(in_flight.wait(), limit)

    # the loop (bot.work_loop)

    async def run_pass(self) -> float:
        return await self.dispatch()

    def in_flight(self) -> list[asyncio.Task]:
        return list(self._busy.values())

    async def tidy(self) -> None:
        async with self._uow() as uow:
            forgotten = await uow.outbox.forget_done_before(self._clock() - KEEP_DONE)
            await uow.commit()
        if forgotten:
            log.info("forgot %d delivered message(s)", forgotten)

    async def nothing_left(self) -> bool:
        async with self._uow(read_only=True) as uow:
            return not await uow.outbox.pending_count()

    def wake(self, lanes: Iterable[tuple[int, str]] | None = None) -> None:
        """Look for rows to deliver. With `lanes` ((chat, lane) pairs that just got rows), a
        lane being delivered is told instead: it reads on before it stops."""
        if lanes is None:
            self._fresh |= self._busy.keys()
            super().wake()
            return
        lanes = {_ACKS if lane == ACK_LANE else (chat, lane) for chat, lane in lanes}
        busy = lanes & self._busy.keys()
        self._fresh |= busy
        if lanes - busy:
            super().wake()

    async def dispatch(self) -> float:
        """Start delivering every free lane whose head is due; seconds until the next is."""
        async with self._uow(read_only=True) as uow:
            heads = await uow.outbox.heads()
        now = self._clock()
        wait = self.policy.poll_interval
        for row, chat, pending in heads:
            lane = _ACKS if row.lane == ACK_LANE else (row.chat_id, row.lane)
            if lane in self._busy:
                continue
            if row.not_before > now:
                wait = min(wait, (row.not_before - now).total_seconds())
                continue
            if lane == _ACKS:
                self._busy[lane] = asyncio.create_task(
                    self._deliver_acknowledgements(), name="acknowledgements"
                )
                continue
            # With several instances the head is read again once the lane's lease is held.
            first = None if self._shared else (chat, [row])
            self._busy[lane] = asyncio.create_task(
                self._deliver_lane(lane, first, more=pending > 1), name=f"lane-{lane}"
            )
        return max(wait, 0.0)

    # one lane

    async def _deliver_lane(
        self,
        lane: tuple[int, str],
        batch: tuple[Chat | None, list[OutboxMessage]] | None,
        *,
        more: bool,
    ) -> None:
        """Deliver a lane's rows in order, a batch at a time, until none is left or the lane
        must wait. `batch`: the first rows (None: read them); `more`: more rows wait."""
        holder = f"{self._worker_id}:{next(self._holders)}"
        self._fresh.discard(lane)
        dry, chat = False, None
        try:
            while not self._stopping:
                if batch is None:
                    batch = await self._next_batch(lane, holder, chat)
                    if batch is None:
                        dry = True
                        return
                    if not batch[1]:
                        return  # its next row is not due yet: the next pass knows when
                    more = len(batch[1]) == BATCH
                if not await self._deliver_batch(*batch, lease=(lane, holder)):
                    return
                if not more and lane not in self._fresh:
                    dry = True
                    return
                self._fresh.discard(lane)
                # The chat stays as it was: a lane stops when its chat moves or closes.
                chat, batch = batch[0], None
        finally:
            del self._busy[lane]
            self._fresh.discard(lane)
            if self._shared:
                async with self._uow() as uow:
                    await uow.leases.give_back(_lease(lane), holder)
                    await uow.commit()
            # A lane that ran dry needs no new pass; one that stopped (a retry, a moved or
            # closed chat) or was interrupted does.
            await self.progress_made(look_again=not dry)

    # the 👍s of all chats

    async def _deliver_acknowledgements(self) -> None:
        """The 👍s of every chat, a batch at a time: read in one statement, sent a few chats at
        a time (each chat's in order) and marked delivered in one. A 👍 that must wait (a 429)
        holds back its own chat's others, not other chats'."""
        self._fresh.discard(_ACKS)
        dry = False
        try:
            while not self._stopping:
                async with self._uow(read_only=True) as uow:
                    due = await uow.outbox.acknowledgements_due(self._clock(), ACK_BATCH)
                if not due:
                    dry = True
                    return
                chats = {chat.id: chat for _, chat in due}
                by_chat: dict[int, list[OutboxMessage]] = {}
                for row, chat in due:
                    by_chat.setdefault(chat.id, []).append(row)
                turns = asyncio.Semaphore(ACK_AT_ONCE)
                delivered: list[int] = []
                try:
                    held_back = await asyncio.gather(
                        *(
                            self._acknowledge(chats[chat_id], rows, turns, delivered)
                            for chat_id, rows in by_chat.items()
                        )
                    )
                finally:
                    if delivered:
                        async with self._uow() as uow:
                            await uow.outbox.delivered(delivered)
                            await uow.commit()
                if any(held_back):
                    return  # the next pass knows when they are due
                if len(due) < ACK_BATCH and _ACKS not in self._fresh:
                    dry = True
                    return
                self._fresh.discard(_ACKS)
        finally:
            del self._busy[_ACKS]
            self._fresh.discard(_ACKS)
            await self.progress_made(look_again=not dry)

    async def _acknowledge(
        self,
        chat: Chat,
        rows: list[OutboxMessage],
        turns: asyncio.Semaphore,
        delivered: list[int],
    ) -> bool:
        """One chat's 👍s in order; True when one must wait, and so do those behind it."""
        async with turns:
            held = self._acks_held.get(chat.id)
            if held is not None and held > self._clock():
                await self._count_instead_of_acknowledging(chat)
                return False
            self._acks_held.pop(chat.id, None)
            return not await self._deliver_batch(chat, rows, quietly_sent=delivered)

    async def _count_instead_of_acknowledging(self, chat: Chat) -> None:
        """Telegram holds this chat's 👍s back: the 👍s waiting there are given up, and each
        question they answered shows how many answers came in (an edit, paced like a tally)."""
        async with self._uow() as uow:
            given_up = await uow.outbox.give_up_lane(
                chat.id, ACK_LANE, "Telegram holds 👍s back: the question shows a count instead"
            )
            keys = [payload.get("message_id") for payload in given_up]
            answered = await uow.answers.questions_of_messages(chat.telegram_chat_id, keys)
            for run_id, question_id, thread_id in answered:
                await uow.outbox.add(
                    chat.id,
                    thread_id,
                    "tally",
                    {"run_id": run_id, "question_id": question_id, "received": True},
                    lane="side",
                    key=f"tally:{run_id}:{question_id}",
                )
            await uow.commit()
        log.info("chat %s: %d 👍s held back, counted on the question", chat.id, len(given_up))
        self.wake(uow.outbox.lanes_added)

    async def _next_batch(
        self, lane: tuple[int, str], holder: str, chat: Chat | None
    ) -> tuple[Chat | None, list[OutboxMessage]] | None:
        """The lane's chat (read unless known) and its rows that are due now, oldest first
        (none when its next row is not due yet); None when the lane is empty or (several
        instances) delivered by another instance."""
        if not await self._keep_lease(lane, holder):
            return None
        chat_id, name = lane
        async with self._uow(read_only=True) as uow:
            rows = await uow.outbox.lane(chat_id, name, BATCH)
            if rows and chat is None:
                chat = await uow.chats.get_by_id(chat_id)
        if not rows:
            return None
        now = self._clock()
        return chat, list(itertools.takewhile(lambda row: row.not_before <= now, rows))

    async def _deliver_batch(
        self,
        chat: Chat | None,
        rows: list[OutboxMessage],
        *,
        lease: tuple[tuple[int, str], str] | None = None,
        quietly_sent: list[int] | None = None,
    ) -> bool:
        """Deliver `rows` one after another; False when the lane must stop (a row waits for
        a retry, or the chat moved or closed). `lease`: renewed before each row after the
        first.

        Reactions and tallies are recorded as delivered together at the end, or by the caller
        when it passes `quietly_sent` to collect them: sending one of them twice after a crash
        changes nothing in the chat."""
        collected = quietly_sent is not None
        quietly_sent = quietly_sent if collected else []
        try:
            for index, row in enumerate(rows):
                if self._stopping or (index and lease and not await self._keep_lease(*lease)):
                    return False
                if chat is None or not chat.active:
                    await self._give_up(row, "the chat is gone", quietly=True)
                    continue
                if row.key is not None and not await self._take_up(row):
                    continue  # delivered or given up meanwhile
                ended = await self._deliver_row(row, chat)
                if ended is _Ended.AGAIN:
                    return False
                if ended is _Ended.DELIVERED:
                    if row.lane != "post":
                        quietly_sent.append(row.id)
                    else:
                        await self._delivered(row)
            return True
        finally:
            if quietly_sent and not collected:
                async with self._uow() as uow:
                    await uow.outbox.delivered(quietly_sent)
                    await uow.commit()

    async def _keep_lease(self, lane: tuple[int, str], holder: str) -> bool:
        """Several instances: take or renew the lane's lease (False: another instance has it)."""
        if not self._shared:
            return True
        async with self._uow() as uow:
            kept = await uow.leases.take(_lease(lane), holder, self._clock(), LANE_LEASE)
            await uow.commit()
        return kept

    async def _take_up(self, row: OutboxMessage) -> bool:
        async with self._uow() as uow:
            taken = await uow.outbox.take_up(row.id, self._clock())
            await uow.commit()
        return taken

    # one row

    async def _deliver_row(self, row: OutboxMessage, chat: Chat) -> _Ended:
        delivery = Delivery(
            row, chat, Place(chat.telegram_chat_id, row.message_thread_id), self._uow
        )
        posting = None
        if row.kind == "question":
            posting = self._posting[chat.telegram_chat_id] = asyncio.Event()
        try:
            await self._kinds[row.kind](delivery)
        except ChatMigrated as error:
            await self._follow(row, chat, error.new_chat_id)
            return _Ended.AGAIN
        except Forbidden as error:
            await self._chat_closed(chat, error.message)
            return _Ended.AGAIN
        except RetryAfter as error:
            seconds = _seconds(error.retry_after)
            if row.lane == ACK_LANE and seconds >= ACK_COUNT_AFTER.total_seconds():
                self._acks_held[chat.id] = self._clock() + timedelta(seconds=seconds)
                await self._count_instead_of_acknowledging(chat)
                return _Ended.AGAIN
            await self._again(row, seconds, error.message)
            return _Ended.AGAIN
        except BadRequest as error:
            if "not modified" in error.message:
                return _Ended.DELIVERED
            await self._give_up(row, error.message)
            return _Ended.GIVEN_UP
        except NetworkError as error:
            await self._again(row, self._backoff(row), f"{type(error).__name__}: {error.message}")
            return _Ended.AGAIN
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.exception("outbox row %s (%s) failed to deliver", row.id, row.kind)
            await self._again(row, self._backoff(row), repr(error))
            return _Ended.AGAIN
        finally:
            if posting is not None:
                posting.set()
                if self._posting.get(chat.telegram_chat_id) is posting:
                    del self._posting[chat.telegram_chat_id]
        return _Ended.DELIVERED

    async def _delivered(self, row: OutboxMessage) -> None:
        async with self._uow() as uow:
            await uow.outbox.delivered([row.id])
            await uow.commit()

    def _backoff(self, row: OutboxMessage) -> float:
        return min(self.policy.first_retry * 2**row.attempts, self.policy.longest_wait)

    async def _again(self, row: OutboxMessage, seconds: float, error: str) -> None:
        if row.attempts + 1 >= self.policy.max_attempts:
            await self._give_up(row, f"still failing after {row.attempts + 1} attempts: {error}")
            return
        log.info("outbox row %s (%s): %s; again in %.1f s", row.id, row.kind, error, seconds)
        async with self._uow() as uow:
            await uow.outbox.retry_later(row.id, self._clock() + timedelta(seconds=seconds), error)
            await uow.commit()

    async def _give_up(self, row: OutboxMessage, error: str, *, quietly: bool = False) -> None:
        level = logging.INFO if quietly else logging.WARNING
        log.log(level, "outbox row %s (%s) not delivered: %s", row.id, row.kind, error)
        async with self._uow() as uow:
            await uow.outbox.failed(row.id, error)
            await uow.commit()

    async def _follow(self, row: OutboxMessage, chat: Chat, new_chat_id: int) -> None:
        """The group became a supergroup. Its data moves along; a post is sent there on the
        next pass, while an edit or a reaction names a message that stayed behind."""
        log.info("chat %s became %s; moving its data", chat.telegram_chat_id, new_chat_id)
        async with self._uow() as uow:
            await uow.chats.migrate(chat.telegram_chat_id, new_chat_id)
            await uow.commit()
        if row.lane != "post":
            await self._give_up(row, "its message stayed in the old group", quietly=True)

    async def _chat_closed(self, chat: Chat, reason: str) -> None:
        log.info("chat %s is closed to the bot (%s)", chat.telegram_chat_id, reason)
        async with self._uow() as uow:
            await uow.chats.mark_inactive(chat.telegram_chat_id)
            given_up = await uow.outbox.fail_chat(chat.id, f"the bot was removed: {reason}")
            await uow.commit()
        if given_up:
            log.info("gave up %d message(s) for chat %s", given_up, chat.telegram_chat_id)
        self._on_chat_closed(chat.telegram_chat_id)


def _lease(lane: tuple[int, str]) -> str:
    chat_id, name = lane
    return f"lane:{chat_id}:{name}"


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
