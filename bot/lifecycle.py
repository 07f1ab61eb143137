"""Running the bot inside an event loop: start, take updates, stop — in the right order.

    async with running(application, runtime):          # long polling
    async with running(application, runtime, webhook=intake):

The application starts first (its `post_init` builds the services, starts the courier and
the update processor); then updates are taken in, by long polling or a webhook. Leaving the
block stops taking updates first, then lets the services finish what they are doing.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update
from telegram.ext import Application

from bot.intake.poller import UpdatePoller
from bot.intake.webhook import WEBHOOK_PATH, WebhookIntake
from bot.privacy import RetentionKeeper
from bot.runtime import Runtime

__all__ = ["running", "serve"]


@asynccontextmanager
async def running(
    application: Application,
    runtime: Runtime,
    *,
    webhook: bool = False,
    poll_timeout: int = 1,
) -> AsyncIterator[Application]:
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        intake = await _take_updates(application, runtime, webhook, poll_timeout)
        retention = _keep_data_no_longer_than_asked(runtime)
        try:
            yield application
        finally:
            if retention is not None:
                await retention.stop()
            await intake.stop()
            await application.stop()
    finally:
        if application.post_shutdown:
            await application.post_shutdown(application)
        await application.shutdown()


def _keep_data_no_longer_than_asked(runtime: Runtime) -> RetentionKeeper | None:
    """DATA_RETENTION_DAYS: old runs go at start and once a day after."""
    days = runtime.services.settings.data_retention_days
    if days is None:
        return None
    keeper = RetentionKeeper(runtime.services, days)
    keeper.start()
    return keeper


async def serve(application: Application, runtime: Runtime, *, webhook: bool = False) -> None:
    """Run until SIGINT or SIGTERM (`samenbot run`)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running(application, runtime, webhook=webhook, poll_timeout=30):
        await stop.wait()


async def _take_updates(
    application: Application, runtime: Runtime, webhook: bool, poll_timeout: int
) -> UpdatePoller | WebhookIntake:
    services = runtime.services
    settings = services.settings
    if not webhook:
        poller = UpdatePoller(
            application.bot, services.unit_of_work, services.processor.arrived, timeout=poll_timeout
        )
        await poller.start()
        return poller
    secret = settings.webhook_secret.get_secret_value()
    intake = WebhookIntake(
        services.unit_of_work,
        services.processor.arrived,
        secret,
        settings.webhook_listen,
        settings.webhook_port,
    )
    await intake.start()
    await application.bot.set_webhook(
        f"{settings.webhook_url.rstrip('/')}{WEBHOOK_PATH}",
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )
    return intake
