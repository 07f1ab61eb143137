"""A background loop of the running bot (the update processor, the outbox courier): it runs a
pass when woken or when the pass said it is due, and finishes its work in flight on stop.

    class Courier(WorkLoop):
        async def run_pass(self) -> float: ...        # seconds until the next pass is due
        def in_flight(self) -> list[asyncio.Task]: ...
        async def nothing_left(self) -> bool: ...     # for wait_until_idle
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

__all__ = ["WorkLoop"]

log = logging.getLogger(__name__)


class WorkLoop:
    name = "work-loop"
    poll_interval = 5.0  # seconds: the longest the loop sleeps without being woken
    tidy_interval = 3600.0  # seconds between two `tidy()` calls

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._progress = asyncio.Condition()

    async def run_pass(self) -> float:
        raise NotImplementedError

    def in_flight(self) -> list[asyncio.Task]:
        raise NotImplementedError

    async def nothing_left(self) -> bool:
        raise NotImplementedError

    def before_finishing(self) -> None:
        """Called on stop, before the work in flight is awaited."""

    async def tidy(self) -> None:
        """Now and then (`tidy_interval`): forget what is no longer needed."""

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run_forever(), name=self.name)

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        """Let the work under way finish, then end the loop; what waits stays stored."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        self.before_finishing()
        working = self.in_flight()
        if working:
            _, late = await asyncio.wait(working, timeout=grace)
            for work in late:
                work.cancel()

    async def wait_until_idle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Until nothing is in flight and nothing is left (tests); woken by every piece of
        work that ends, never by polling."""

        async def idle() -> None:
            async with self._progress:
                while self.in_flight() or not await self.nothing_left():
                    await self._progress.wait()

        await asyncio.wait_for(idle(), timeout)

    async def progress_made(self, *, look_again: bool = True) -> None:
        """A piece of work ended: look for more (unless it knows there is none of its kind),
        and tell who waits for idleness."""
        if look_again:
            self._wake.set()
        async with self._progress:
            self._progress.notify_all()

    async def _run_forever(self) -> None:
        tidied = -self.tidy_interval
        while not self._stopping:
            try:
                if time.monotonic() - tidied >= self.tidy_interval:
                    tidied = time.monotonic()
                    await self.tidy()
                delay = await self.run_pass()
            except Exception:
                log.exception("%s: a pass failed; trying again shortly", self.name)
                delay = self.poll_interval
            if self._stopping:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
            self._wake.clear()
