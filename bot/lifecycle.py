"""Running an application inside an event loop someone else owns (the demo, the tests).

`run_polling()` owns its loop; `running()` does the same steps — post_init included — as an
async context manager, so the double and the bot can share one loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update
from telegram.ext import Application

__all__ = ["running"]


@asynccontextmanager
async def running(application: Application, poll_timeout: int = 1) -> AsyncIterator[Application]:
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        await application.updater.start_polling(
            poll_interval=0.0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
        )
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
    finally:
        if application.post_shutdown:
            await application.post_shutdown(application)
        await application.shutdown()
