"""The HTTP side of the double: Bot API routing, wire format and file downloads.

``POST|GET /bot<token>/<method>`` with parameters as query string, JSON body, urlencoded form or
multipart form (files as parts with a filename). Answers ``{"ok": true, "result": …}`` or
``{"ok": false, "error_code", "description", "parameters"?}`` with the HTTP status Telegram uses.
Files the bot uploaded are served at ``/file/bot<token>/<file_path>`` (the base_file_url).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re

import aiohttp
from aiohttp import web

from bot.sandbox.bot_methods import BOT_METHODS
from bot.sandbox.errors import BotApiError
from bot.sandbox.faults import Fault, FaultRule
from bot.sandbox.message_methods import MESSAGE_METHODS
from bot.sandbox.models import ApiCall
from bot.sandbox.params import Params, UploadedFile
from bot.sandbox.world import World

__all__ = ["BotApiServer"]

_LOG = logging.getLogger(__name__)
_METHODS = {
    name.lower(): (name, handler) for name, handler in {**BOT_METHODS, **MESSAGE_METHODS}.items()
}
_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's limit for bots


class BotApiServer:
    def __init__(self, world: World, token: str) -> None:
        self.world = world
        self.token = token
        self.internal_errors: list[BaseException] = []
        self._runner: web.AppRunner | None = None
        self._pusher: asyncio.Task | None = None
        self.port: int | None = None

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=_MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        return app

    async def start(self, host: str = "127.0.0.1") -> int:
        self._runner = web.AppRunner(self.build_app(), handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._pusher = asyncio.create_task(self._push_to_webhook(), name="double-webhook")
        return self.port

    async def stop(self) -> None:
        self.world.closing = True
        await self.world.changed_now()  # lets pending long polls answer before shutdown
        if self._pusher is not None:
            self._pusher.cancel()
            await asyncio.gather(self._pusher, return_exceptions=True)
            self._pusher = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _push_to_webhook(self) -> None:
        """With a webhook set, Telegram POSTs each update to it, one after another, with the
        secret token; an update is forgotten once answered 200, and tried again otherwise."""

        def due() -> bool:
            return bool(self.world.webhook["url"]) and bool(self.world.deliverable_updates())

        async with aiohttp.ClientSession() as session:
            while not self.world.closing:
                await self.world.wait_for(due, None)
                update = self.world.deliverable_updates()[0]
                if await self.post_update(session, update):
                    self.world.updates.remove(update)
                    self.world.webhook_deliveries.append(update)
                    await self.world.changed_now()
                else:
                    await asyncio.sleep(0.05)  # Telegram backs off before trying again

    async def post_update(self, session: aiohttp.ClientSession, update: dict) -> bool:
        """One POST of `update` to the webhook; True when it was answered 200."""
        headers = {"Content-Type": "application/json"}
        if self.world.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.world.webhook["secret_token"]
        try:
            async with session.post(
                self.world.webhook["url"], data=json.dumps(update), headers=headers
            ) as response:
                return response.status == 200
        except aiohttp.ClientError:
            return False

    def _auth_error(self, token: str) -> web.Response | None:
        if token == self.token:
            return None
        if not _TOKEN_SHAPE.match(token):
            return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return _json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)

    async def _handle_method(self, request: web.Request) -> web.Response:
        if (refused := self._auth_error(request.match_info["token"])) is not None:
            return refused
        name = request.match_info["method"]
        canonical, handler = _METHODS.get(name.lower(), (name, None))
        try:
            params = Params(await _read_params(request))
        except BotApiError as error:
            return _json(error.to_json(), error.error_code)
        call = ApiCall(canonical, params.recorded())
        self.world.calls.append(call)
        fault = self.world.faults.take(canonical, call.params)
        if fault is not None and fault.fault is Fault.HELD:
            fault.arrived.set()
            await fault.released.wait()
            fault = None
        if fault is not None and fault.fault is not Fault.LOST_ANSWER:
            return self._fail(request, call, fault)
        if handler is None:
            self.world.call_errors.append((call, "Not Found"))
            return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        try:
            result = await handler(self.world, params)
        except BotApiError as error:
            if not _client_gone(request):  # e.g. a long poll PTB cancelled on shutdown
                self.world.call_errors.append((call, error.description))
            return _json(error.to_json(), error.error_code)
        except Exception as error:  # a bug in the double: answer, keep it, re-raise at exit
            _LOG.exception("Bot API double failed on %s", canonical)
            self.internal_errors.append(error)
            description = f"Internal Server Error: the Bot API double failed: {error!r}"
            return _json({"ok": False, "error_code": 500, "description": description}, 500)
        # Any call may change what a scenario waits for (a webhook set, commands registered).
        await self.world.changed_now()
        if fault is not None:
            return self._fail(request, call, fault)
        return _json({"ok": True, "result": result}, 200)

    def _fail(self, request: web.Request, call: ApiCall, rule: FaultRule) -> web.Response:
        """An injected fault, as the bot's HTTP client would meet it."""
        self.world.call_errors.append((call, f"injected fault: {rule.fault}"))
        if rule.fault is Fault.SERVER_ERROR:
            return _json({"ok": False, "error_code": 502, "description": "Bad Gateway"}, 502)
        if rule.fault is Fault.FLOOD:
            description = f"Too Many Requests: retry after {rule.retry_after}"
            body = {"retry_after": rule.retry_after}
            return _json(BotApiError(429, description, body).to_json(), 429)
        # The connection drops: before the call took effect, or after it, before the answer.
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)  # never reaches the client: the connection is gone

    async def _handle_file(self, request: web.Request) -> web.Response:
        if (refused := self._auth_error(request.match_info["token"])) is not None:
            return refused
        path = request.match_info["path"]
        for stored in self.world.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.data, content_type=stored.mime_type)
        return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)


def _client_gone(request: web.Request) -> bool:
    return request.transport is None or request.transport.is_closing()


def _json(body: dict, status: int) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def _read_params(request: web.Request) -> dict[str, object]:
    values: dict[str, object] = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return values
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise BotApiError(400, "Bad Request: can't parse JSON encoded request") from None
        if not isinstance(body, dict):
            raise BotApiError(400, "Bad Request: JSON object expected as request body")
        values.update(body)
        return values
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            values[key] = UploadedFile(
                filename=value.filename,
                data=value.file.read(),
                content_type=value.content_type or "application/octet-stream",
            )
        else:
            values[key] = value
    return values
