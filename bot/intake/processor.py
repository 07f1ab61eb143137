"""Handing kept updates to the handlers: in order within a chat, concurrently across chats.

Per-chat order keeps a conversation sane — two facilitators pressing "Volgende ▶" at the
same moment are decided one after the other, so the second sees the first's result. An
update is marked handled in the transaction of the change it made (`bot.intake.handled`), or
after its handler returned (a handler that failed has told the member, see `bot.app`).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from telegram import Update
from telegram.ext import Application

from bot.intake.handled import CURRENT_UPDATE, HandledUpdate
from bot.work_loop import WorkLoop
from storage import UnitOfWork

__all__ = ["Batch", "UpdateProcessor"]

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=30)
# Long enough for any re-delivery by Telegram (it keeps an update at most 24 hours).
KEEP_HANDLED = timedelta(days=7)


# At most this many updates are taken together.
TOGETHER = 100
# Batches taken at the same moment. SQLite writes one transaction at a time: one batch, while
# the next gathers. PostgreSQL works on a few at once.
TURNS = 1
TURNS_SHARED = 4


class Batch(Protocol):
    """Updates of one plain kind, taken together while the chats' queues hold many of them."""

    def accepts(self, update: Update) -> bool: ...

    async def handle(self, updates: Sequence[Update]) -> set[int]:
        """Handle `updates` (each accepted; each chat's in order) and mark them handled, all in
        one transaction; returns the ids of those handled, the rest are handled one by one."""
        ...


@dataclass(eq=False)
class _Part:
    """A chat's updates waiting to be taken together, and which of them were handled."""

    chat: int
    holder: str
    updates: list[tuple[dict[str, Any], Update | None]]
    handled: asyncio.Future[set[int] | None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


def _first_parts(parts: list[_Part]) -> tuple[list[_Part], list[_Part]]:
    """The parts taken in one go (together at most `TOGETHER` updates, at least one part),
    and those left for the next turn."""
    count = 0
    for index, part in enumerate(parts):
        count += len(part.updates)
        if index and count > TOGETHER:
            return parts[:index], parts[index:]
    return parts, []


def utc_now() -> datetime:
    return datetime.now(UTC)


class UpdateProcessor(WorkLoop):
    name = "update-processor"

    def __init__(
        self,
        application: Application,
        unit_of_work: Callable[..., UnitOfWork],
        *,
        scan_size: int = 500,
        worker_id: str | None = None,
        shared: bool = True,
        batch: Batch | None = None,
    ) -> None:
        """`shared`: other instances may work on the same database (PostgreSQL). `batch`:
        takes a chat's waiting updates of one plain kind together (see `Batch`)."""
        self._application = application
        self._batch = batch
        self._uow = unit_of_work
        self._scan_size = scan_size
        self._shared = shared
        self._queues: dict[int, asyncio.Queue[dict[str, Any] | None]] = {}
        self._workers: dict[int, asyncio.Task] = {}
        # Updates scheduled here, or handled here and perhaps still listed by a scan that began
        # before they were marked: never scheduled twice. A scan that no longer lists one
        # lets it go (`_schedule_unhandled`).
        self._taken: set[int] = set()
        self._look_again = False
        self._arrived: dict[int, dict[str, Any]] = {}  # kept just now, not yet scanned
        self._turns = asyncio.Semaphore(TURNS_SHARED if shared else TURNS)
        self._gathering: list[_Part] = []  # waiting for a turn to be taken together
        super().__init__()
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self._holders = itertools.count(1)

    # the loop (bot.work_loop)

    async def run_pass(self) -> float:
        busy_elsewhere = await self._schedule_unhandled()
        # Another instance is handling a chat we have updates for: look again soon.
        return 0.1 if busy_elsewhere else self.poll_interval

    def in_flight(self) -> list[asyncio.Task]:
        return list(self._workers.values())

    async def nothing_left(self) -> bool:
        async with self._uow(read_only=True) as uow:
            return not await uow.inbox.unhandled_ids(1)

    async def tidy(self) -> None:
        async with self._uow() as uow:
            forgotten = await uow.inbox.forget_handled_before(utc_now() - KEEP_HANDLED)
            await uow.commit()
        if forgotten:
            log.info("forgot %d handled update(s)", forgotten)

    def arrived(self, payloads: Sequence[dict[str, Any]]) -> None:
        """Updates just kept (by the poller or the webhook), handed over as they are: the next
        scan need not read them back. The database stays the record."""
        for payload in payloads:
            self._arrived[payload["update_id"]] = payload
        self.wake()

    def before_finishing(self) -> None:
        for queue in self._queues.values():
            queue.put_nowait(None)

    async def _schedule_unhandled(self) -> bool:
        """Queue the kept updates per chat; True when a chat's lease is held elsewhere."""
        self._look_again = False  # what fails from here on asks for the next scan
        async with self._uow(read_only=True) as uow:
            waiting = await uow.inbox.unhandled_ids(self._scan_size)
            new = [update_id for update_id in waiting if update_id not in self._taken]
            unread = [update_id for update_id in new if update_id not in self._arrived]
            read = {p["update_id"]: p for p in await uow.inbox.payloads(unread)} if unread else {}
        kept = [
            payload
            for payload in (self._arrived.get(u) or read.get(u) for u in new)
            if payload is not None
        ]
        listed = set(waiting)
        beyond = waiting[-1] if len(waiting) == self._scan_size else None
        if beyond is not None:  # more than one scan holds: look again when a chat is done
            self._look_again = True
        # What this scan listed is scheduled or handled: only what lies beyond it is kept.
        self._arrived = {
            update_id: payload
            for update_id, payload in self._arrived.items()
            if beyond is not None and update_id > beyond
        }
        self._taken = {
            update_id
            for update_id in self._taken
            if update_id in listed or (beyond is not None and update_id > beyond)
        }
        by_chat: dict[int, list[dict[str, Any]]] = {}
        for payload in kept:
            by_chat.setdefault(_chat_key(payload), []).append(payload)
        busy_elsewhere = False
        for chat, payloads in by_chat.items():
            queue = self._queues.get(chat)
            if queue is None:
                holder = f"{self.worker_id}:{next(self._holders)}"
                if not await self._lease(chat, holder):
                    busy_elsewhere = True
                    continue
                queue = self._queues[chat] = asyncio.Queue()
                self._workers[chat] = asyncio.create_task(self._work(chat, queue, holder))
            for payload in payloads:
                self._taken.add(payload["update_id"])
                queue.put_nowait(payload)
        return busy_elsewhere

    async def _lease(self, chat: int, holder: str) -> bool:
        """One instance at a time handles a chat's updates, in order (several instances on
        PostgreSQL); a lease of an instance that died runs out."""
        if not self._shared:
            return True
        async with self._uow() as uow:
            taken = await uow.leases.take(f"chat:{chat}", holder, utc_now(), LEASE)
            await uow.commit()
        return taken

    async def _work(self, chat: int, queue: asyncio.Queue, holder: str) -> None:
        try:
            waiting = None  # (payload, update) taken from the queue, not yet handled
            while True:
                if waiting is not None:
                    (payload, update), waiting = waiting, None
                else:
                    try:
                        payload = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    if payload is None:
                        return
                    update = self._read(payload)
                if not self._together(update):
                    if not await self._lease(chat, holder):
                        self._lost(payload)
                        return
                    await self._handle(payload, update)
                    continue
                # Answers are taken together, those of many chats in one go: this chat's
                # plain replies join what other chats gathered, and whoever's turn comes takes
                # them all. (Other updates never wait for a turn: a command that waits on
                # Telegram holds up no other chat.)
                together = [(payload, update)]
                while len(together) < TOGETHER:
                    try:
                        following = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        break
                    if following is None:
                        queue.put_nowait(None)
                        break
                    following_update = self._read(following)
                    if not self._together(following_update):
                        waiting = (following, following_update)
                        break
                    together.append((following, following_update))
                handled = await self._gather(_Part(chat, holder, together))
                if handled is None:
                    for lost, _ in [*together, *([waiting] if waiting else [])]:
                        self._lost(lost)
                    return
                for payload, update in together:  # what the batch left, in order
                    if payload["update_id"] not in handled:
                        await self._handle(payload, update)
        finally:
            self._workers.pop(chat, None)
            if self._queues.get(chat) is queue:
                del self._queues[chat]
            for payload in _drain(queue):
                self._taken.discard(payload["update_id"])
                self._look_again = True
            if self._shared:
                async with self._uow() as uow:
                    await uow.leases.give_back(f"chat:{chat}", holder)
                    await uow.commit()
            # Updates that came meanwhile were queued by the poller's own wake; a new scan is
            # needed only for what was left: a failed update, a lost lease, a backlog beyond
            # one scan, or another instance's chats.
            await self.progress_made(look_again=self._look_again or self._shared)

    def _lost(self, payload: dict[str, Any]) -> None:
        """The chat's lease went to another instance before `payload` was handled."""
        self._taken.discard(payload["update_id"])
        self._look_again = True

    def _read(self, payload: dict[str, Any]) -> Update | None:
        try:
            return Update.de_json(payload, self._application.bot)
        except Exception:
            log.exception("update %s cannot be read; it is set aside", payload["update_id"])
            return None

    def _together(self, update: Update | None) -> bool:
        return update is not None and self._batch is not None and self._batch.accepts(update)

    async def _gather(self, part: _Part) -> set[int] | None:
        """The updates of `part` handled together with what other chats gathered meanwhile:
        the ids of those handled (the worker handles the rest, one by one); None when none
        were (the chat's lease was lost, or the handling interrupted)."""
        self._gathering.append(part)
        try:
            while not part.handled.done():
                async with self._turns:
                    if not part.handled.done():
                        parts, self._gathering = _first_parts(self._gathering)
                        await self._handle_together(parts)
        except asyncio.CancelledError:
            if part in self._gathering:
                self._gathering.remove(part)
            raise
        return part.handled.result()

    async def _handle_together(self, parts: list[_Part]) -> None:
        """The parts' updates taken in one go. A single update is handled the usual way, in
        its turn: taking together only pays while the bot catches up, and the turn lets the
        next ones gather meanwhile."""
        try:
            live = []
            for part in parts:
                if await self._lease(part.chat, part.holder):
                    live.append(part)
                else:
                    part.handled.set_result(None)
            updates = [update for part in live for _, update in part.updates]
            taken: set[int] = set()
            if len(updates) == 1:
                ((payload, update),) = live[0].updates
                await self._handle(payload, update)
                taken = {payload["update_id"]}
            elif updates:
                try:
                    if self._shared:
                        taken = await self._handled_elsewhere([u.update_id for u in updates])
                    rest = [update for update in updates if update.update_id not in taken]
                    if len(rest) > 1:
                        taken |= await self._batch.handle(rest)
                except Exception:
                    log.exception("updates taken together failed; each is handled on its own")
                    taken = set()
            for part in live:
                part.handled.set_result(taken)
        finally:
            for part in parts:
                if not part.handled.done():  # interrupted: the worker lets its updates go
                    part.handled.set_result(None)

    async def _handle(self, payload: dict[str, Any], update: Update | None) -> None:
        update_id = payload["update_id"]
        done = False
        try:
            # Only another instance can have handled an update this one scheduled.
            if self._shared and await self._handled_elsewhere([update_id]):
                done = True
                return
            if update is None:  # it cannot be read: set aside
                await self._mark_handled(update_id)
                done = True
                return
            current = HandledUpdate(update_id)
            token = CURRENT_UPDATE.set(current)
            try:
                await self._application.process_update(update)
            finally:
                CURRENT_UPDATE.reset(token)
            if not current.marked:
                await self._mark_handled(update_id)
            done = True
        except Exception:
            log.exception("update %s could not be handled; it is tried again", update_id)
        finally:
            if not done:
                self._taken.discard(update_id)  # a later pass schedules it again
                self._look_again = True

    async def _handled_elsewhere(self, update_ids: list[int]) -> set[int]:
        async with self._uow(read_only=True) as uow:
            return await uow.inbox.handled_among(update_ids)

    async def _mark_handled(self, update_id: int) -> None:
        async with self._uow() as uow:
            await uow.inbox.mark_handled(update_id)
            await uow.commit()


def _drain(queue: asyncio.Queue) -> list[dict[str, Any]]:
    left = []
    while not queue.empty():
        payload = queue.get_nowait()
        if payload is not None:
            left.append(payload)
    return left


def _chat_key(payload: dict[str, Any]) -> int:
    """The chat an update belongs to; updates without one (e.g. a poll) share key 0.

    A group that becomes a supergroup sends one service message in each chat; both belong to
    the new chat, so they are handled one after the other, never at the same moment."""
    moved_to = (payload.get("message") or {}).get("migrate_to_chat_id")
    if moved_to:
        return int(moved_to)
    for kind in (
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "message_reaction",
    ):
        chat = (payload.get(kind) or {}).get("chat")
        if chat:
            return int(chat["id"])
    query = payload.get("callback_query") or {}
    message = query.get("message") or {}
    if message.get("chat"):
        return int(message["chat"]["id"])
    return 0
