"""Long polling that never loses an update: a batch is kept in the database before the next
getUpdates call confirms it to Telegram (the offset), so a crash at any moment means the
batch is either kept or delivered again."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable

from telegram import Bot, Update
from telegram.error import NetworkError, TimedOut
from telegram.warnings import PTBUserWarning

from storage import UnitOfWork

__all__ = ["UpdatePoller"]

log = logging.getLogger(__name__)


class UpdatePoller:
    def __init__(
        self,
        bot: Bot,
        unit_of_work: Callable[[], UnitOfWork],
        on_kept: Callable[[list[dict]], None],
        *,
        timeout: int = 30,
        longest_wait: float = 30.0,
    ) -> None:
        self._bot = bot
        self._uow = unit_of_work
        self._on_kept = on_kept
        self._timeout = timeout
        self._longest_wait = longest_wait
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        # The raw getUpdates (see `_get_updates`) is deliberate.
        warnings.filterwarnings(
            "ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning
        )
        # getUpdates is refused while a webhook is set; keep what Telegram holds for us.
        await self._bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._poll_forever(), name="update-poller")

    async def stop(self) -> None:
        """Safe at any moment: an update fetched but not yet kept is not confirmed either."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _poll_forever(self) -> None:
        async with self._uow() as uow:
            highest = await uow.inbox.highest_id()
        offset = highest + 1 if highest is not None else None
        failures = 0
        while True:
            try:
                updates = await self._get_updates(offset)
            except TimedOut:
                continue
            except NetworkError as error:
                failures += 1
                wait = min(0.5 * 2**failures, self._longest_wait)
                log.warning("getUpdates failed (%s); trying again in %.1f s", error, wait)
                await asyncio.sleep(wait)
                continue
            failures = 0
            if not updates:
                continue
            await self._keep(updates)
            offset = max(update["update_id"] for update in updates) + 1

    async def _get_updates(self, offset: int | None) -> list[dict]:
        """The updates exactly as Telegram sent them: kept as they came, they are read by the
        processor with the python-telegram-bot of the day (an update it cannot read then does
        not stop the poller)."""
        updates = await self._bot.do_api_request(
            "getUpdates",
            api_kwargs={
                "offset": offset,
                "timeout": self._timeout,
                "allowed_updates": list(Update.ALL_TYPES),
            },
            read_timeout=self._timeout + 10,
        )
        return [update for update in updates if isinstance(update.get("update_id"), int)]

    async def _keep(self, payloads: list[dict]) -> None:
        while True:
            try:
                async with self._uow() as uow:
                    await uow.inbox.keep(payloads)
                    await uow.commit()
                break
            except Exception:
                # Not confirmed to Telegram yet, so nothing is lost; but do not poll on.
                log.exception("could not keep %d update(s); trying again", len(payloads))
                await asyncio.sleep(1.0)
        self._on_kept(payloads)
