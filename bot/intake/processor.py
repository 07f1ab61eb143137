"""Handing kept updates to the handlers: in order within a chat, concurrently across chats.

Per-chat order keeps a conversation sane — two facilitators pressing "Volgende ▶" at the
same moment are decided one after the other, so the second sees the first's result. An
update is marked handled in the transaction of the change it made (`bot.intake.handled`), or
after its handler returned (a handler that failed has told the member, see `bot.app`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.intake.handled import CURRENT_UPDATE
from storage import UnitOfWork

__all__ = ["UpdateProcessor"]

log = logging.getLogger(__name__)


class UpdateProcessor:
    def __init__(
        self,
        application: Application,
        unit_of_work: Callable[[], UnitOfWork],
        *,
        batch_size: int = 500,
    ) -> None:
        self._application = application
        self._uow = unit_of_work
        self._batch_size = batch_size
        self._queues: dict[int, asyncio.Queue[dict[str, Any] | None]] = {}
        self._workers: dict[int, asyncio.Task] = {}
        self._scheduled: set[int] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._progress = asyncio.Condition()

    async def wait_until_idle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Until every kept update has been handled (tests); woken by each handled update."""

        async def idle() -> None:
            async with self._progress:
                while True:
                    if not self._workers:
                        async with self._uow() as uow:
                            if not await uow.inbox.unhandled(1):
                                return
                    await self._progress.wait()

        await asyncio.wait_for(idle(), timeout)

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run_forever(), name="update-processor")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        """Finish the updates under way; the rest stay kept for the next start."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        for queue in self._queues.values():
            queue.put_nowait(None)
        workers = list(self._workers.values())
        if workers:
            _, late = await asyncio.wait(workers, timeout=grace)
            for worker in late:
                worker.cancel()

    async def _run_forever(self) -> None:
        while not self._stopping:
            try:
                await self._schedule_unhandled()
            except Exception:
                log.exception("could not read the kept updates; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 5.0)
            self._wake.clear()

    async def _schedule_unhandled(self) -> None:
        async with self._uow() as uow:
            kept = await uow.inbox.unhandled(self._batch_size)
        for row in kept:
            if row.update_id in self._scheduled:
                continue
            self._scheduled.add(row.update_id)
            chat = _chat_key(row.payload)
            queue = self._queues.get(chat)
            if queue is None:
                queue = self._queues[chat] = asyncio.Queue()
                self._workers[chat] = asyncio.create_task(self._work(chat, queue))
            queue.put_nowait(row.payload)

    async def _work(self, chat: int, queue: asyncio.Queue) -> None:
        try:
            while True:
                try:
                    payload = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                if payload is None:
                    return
                await self._handle(payload)
        finally:
            self._workers.pop(chat, None)
            if self._queues.get(chat) is queue:
                del self._queues[chat]
            if not queue.empty():
                self._wake.set()
            async with self._progress:
                self._progress.notify_all()

    async def _handle(self, payload: dict[str, Any]) -> None:
        update_id = payload["update_id"]
        try:
            async with self._uow() as uow:
                if await uow.inbox.is_handled(update_id):
                    return
            try:
                update = Update.de_json(payload, self._application.bot)
            except Exception:
                log.exception("update %s cannot be read; it is set aside", update_id)
                update = None
            if update is None:
                await self._mark_handled(update_id)
                return
            token = CURRENT_UPDATE.set(update_id)
            try:
                await self._application.process_update(update)
            finally:
                CURRENT_UPDATE.reset(token)
            await self._mark_handled(update_id)
        except Exception:
            log.exception("update %s could not be handled", update_id)
        finally:
            self._scheduled.discard(update_id)

    async def _mark_handled(self, update_id: int) -> None:
        async with self._uow() as uow:
            await uow.inbox.mark_handled(update_id)
            await uow.commit()


def _chat_key(payload: dict[str, Any]) -> int:
    """The chat an update belongs to; updates without one (e.g. a poll) share key 0."""
    for field in (
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "message_reaction",
    ):
        chat = (payload.get(field) or {}).get("chat")
        if chat:
            return int(chat["id"])
    query = payload.get("callback_query") or {}
    message = query.get("message") or {}
    if message.get("chat"):
        return int(message["chat"]["id"])
    return 0
