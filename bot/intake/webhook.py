"""The webhook: Telegram POSTs each update here; it is kept in the database before the answer
200 tells Telegram it may forget it. A wrong secret token is turned away with 403."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable

from aiohttp import web

from storage import UnitOfWork

__all__ = ["WEBHOOK_PATH", "WebhookIntake"]

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram"
_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookIntake:
    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        on_kept: Callable[[list[dict]], None],
        secret: str,
        listen: str,
        port: int,
    ) -> None:
        self._uow = unit_of_work
        self._on_kept = on_kept
        self._secret = secret
        self._listen = listen
        self._port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(WEBHOOK_PATH, self._receive)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()
        log.info("webhook listening on %s:%s%s", self._listen, self._port, WEBHOOK_PATH)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(_SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            return web.Response(status=403)
        try:
            update = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400)
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.Response(status=400)
        try:
            async with self._uow() as uow:
                await uow.inbox.keep([update])
                await uow.commit()
        except Exception:
            # Telegram delivers it again when it does not get a 200.
            log.exception("could not keep update %s", update["update_id"])
            return web.Response(status=500)
        self._on_kept([update])
        return web.Response(status=200)
