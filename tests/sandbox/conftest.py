"""Fixtures: a running double, and a raw HTTP client that encodes parameters like PTB does."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.sandbox import BotApiDouble, FloodLimits

TOKEN = "123456:TEST-TOKEN"


class FakeClock:
    """Time that only moves when a test says so."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RawBotApi:
    """Calls the double over HTTP. ``form`` (PTB's encoding): every value a string, nested
    objects JSON-encoded; ``json``: a JSON body; ``multipart``: form fields plus file parts."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self.session = session
        self.base_url = base_url
        self.token = token

    async def __call__(
        self,
        method: str,
        *,
        encoding: str = "form",
        files: dict[str, tuple[str, bytes, str]] | None = None,
        token: str | None = None,
        http_method: str = "POST",
        **params: object,
    ) -> tuple[int, dict]:
        url = f"{self.base_url}{token or self.token}/{method}"
        fields = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        if http_method == "GET":
            request = self.session.get(url, params=fields)
        elif encoding == "json":
            request = self.session.post(url, json=params)
        elif encoding == "multipart" or files:
            form = aiohttp.FormData()
            for name, value in fields.items():
                form.add_field(name, value)
            for name, (filename, data, content_type) in (files or {}).items():
                form.add_field(name, data, filename=filename, content_type=content_type)
            request = self.session.post(url, data=form)
        else:
            request = self.session.post(url, data=fields)
        async with request as response:
            return response.status, await response.json()

    async def ok(self, method: str, **params: object) -> object:
        status, body = await self(method, **params)
        assert status == 200 and body["ok"], body
        return body["result"]

    async def error(self, method: str, **params: object) -> tuple[int, str, dict]:
        status, body = await self(method, **params)
        assert not body["ok"], body
        assert body["error_code"] == status
        return status, body["description"], body.get("parameters", {})


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def api(clock: FakeClock) -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(TOKEN, bot_username="samenbot_bot", clock=clock) as double:
        yield double


@pytest.fixture
async def unlimited_api() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(TOKEN, flood_limits=FloodLimits.off()) as double:
        yield double


@pytest.fixture
async def raw(api: BotApiDouble) -> AsyncIterator[RawBotApi]:
    async with aiohttp.ClientSession() as session:
        yield RawBotApi(session, api.base_url, api.token)
