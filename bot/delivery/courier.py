"""The courier: delivers the outbox, in order per chat, and never gives up quietly.

    courier = OutboxCourier(bot, unit_of_work, kinds)
    courier.start()          # a background task of the running bot
    courier.wake()           # after a commit that added rows
    await courier.stop()

Each chat has two lanes. `post` carries messages — card intros, questions, outcome cards,
replies — strictly one after another, so a question never overtakes its card's intro and a
row that must be retried holds back the rows behind it. `side` carries reactions and tally
edits, which must never hold a question up. Lanes of different chats run concurrently.

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
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import ForceReply, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.conductor.places import Place
from bot.delivery.payloads import markup_payload
from bot.intake.handled import mark_current_update_handled, marked_and_committed
from bot.work_loop import WorkLoop
from storage import Chat, OutboxMessage, OutboxStatus, UnitOfWork

__all__ = ["Delivery", "DeliveryPolicy", "OutboxCourier"]

log = logging.getLogger(__name__)

Deliver = Callable[["Delivery"], Awaitable[None]]

LANE_LEASE = timedelta(seconds=60)
# What was delivered is kept a while: a reply to an old copy of a question is still recognised.
KEEP_DONE = timedelta(days=30)


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
        self._posting: dict[int, asyncio.Task] = {}  # telegram chat id -> question in flight

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
                await asyncio.wait_for(asyncio.shield(in_flight), limit)

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

    async def dispatch(self) -> float:
        """Start delivering the head of every free lane that is due; seconds until the next."""
        async with self._uow(read_only=True) as uow:
            heads = await uow.outbox.heads()
        now = self._clock()
        wait = self.policy.poll_interval
        for row in heads:
            lane = (row.chat_id, row.lane)
            if lane in self._busy:
                continue
            if row.not_before > now:
                wait = min(wait, (row.not_before - now).total_seconds())
                continue
            self._busy[lane] = asyncio.create_task(self._deliver(row), name=f"deliver-{row.id}")
        return max(wait, 0.0)

    # one row

    async def _deliver(self, row: OutboxMessage) -> None:
        try:
            await self._deliver_once(row)
        finally:
            for chat_id, task in list(self._posting.items()):
                if task is asyncio.current_task():
                    del self._posting[chat_id]
            self._busy.pop((row.chat_id, row.lane), None)
            await self.progress_made()

    async def _deliver_once(self, row: OutboxMessage) -> None:
        lease, holder = f"lane:{row.chat_id}:{row.lane}", f"{self._worker_id}:{row.id}"
        writes = self._shared or row.key is not None
        async with self._uow(read_only=not writes) as uow:
            # With several instances, one delivers a chat's lane at a time, in order.
            if self._shared and not await uow.leases.take(lease, holder, self._clock(), LANE_LEASE):
                return
            fresh = await uow.outbox.get(row.id) if self._shared else row
            if fresh is not None and fresh.key is not None:
                await uow.outbox.take_up(row.id, self._clock())
            chat = await uow.chats.get_by_id(row.chat_id)
            if writes:
                await uow.commit()
        try:
            if fresh is None or fresh.status != OutboxStatus.PENDING:
                return  # another instance delivered it meanwhile
            await self._deliver_row(fresh, chat)
        finally:
            if self._shared:
                async with self._uow() as uow:
                    await uow.leases.give_back(lease, holder)
                    await uow.commit()

    async def _deliver_row(self, row: OutboxMessage, chat: Chat | None) -> None:
        if chat is None or not chat.active:
            await self._give_up(row, "the chat is gone", quietly=True)
            return
        delivery = Delivery(
            row, chat, Place(chat.telegram_chat_id, row.message_thread_id), self._uow
        )
        if row.kind == "question":
            self._posting[chat.telegram_chat_id] = asyncio.current_task()
        try:
            await self._kinds[row.kind](delivery)
        except ChatMigrated as error:
            await self._follow(row, chat, error.new_chat_id)
        except Forbidden as error:
            await self._chat_closed(chat, error.message)
        except RetryAfter as error:
            await self._again(row, _seconds(error.retry_after), f"429: {error.message}")
        except BadRequest as error:
            if "not modified" in error.message:
                await self._delivered(row)
            else:
                await self._give_up(row, error.message)
        except NetworkError as error:
            await self._again(row, self._backoff(row), f"{type(error).__name__}: {error.message}")
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.exception("outbox row %s (%s) failed to deliver", row.id, row.kind)
            await self._again(row, self._backoff(row), repr(error))
        else:
            await self._delivered(row)

    async def _delivered(self, row: OutboxMessage) -> None:
        async with self._uow() as uow:
            await uow.outbox.delivered(row.id)
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


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
