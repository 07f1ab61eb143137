"""The optional narrative paragraph, against a fake OpenAI-compatible endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from bot.narrative import NarrativeWriter
from tests.synthesis.fixtures import visie_card2

API_KEY = "sk-test-geheim-1234"
ANSWERS = ["Onderzoekende houding", "Eigenaarschap van de student", "Samen & <b>verder</b>"]


@dataclass
class FakeModel:
    """A chat-completions endpoint that records what it was asked and answers as told."""

    behaviour: str = "ok"
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(await request.json())
        self.headers.append(dict(request.headers))
        if self.behaviour == "slow":
            await self.released.wait()  # never answers in time; released at teardown
        if self.behaviour == "error":
            return web.json_response({"error": {"message": "boom"}}, status=500)
        if self.behaviour == "garbage":
            return web.Response(text="not json")
        reply = {"choices": [{"message": {"role": "assistant", "content": " Het team deelt. "}}]}
        return web.json_response(reply)


@pytest.fixture
async def fake_model() -> AsyncIterator[tuple[FakeModel, str]]:
    model = FakeModel()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", model.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield model, f"http://127.0.0.1:{port}/v1/"
    model.released.set()
    await runner.cleanup()


async def test_the_writer_returns_the_models_paragraph(fake_model):
    model, base_url = fake_model
    writer = NarrativeWriter(base_url, "test-model", api_key=API_KEY)
    text = await writer.write(visie_card2(), ANSWERS)
    assert text == "Het team deelt."
    (request,) = model.requests
    assert request["model"] == "test-model"
    prompt = "\n".join(message["content"] for message in request["messages"])
    assert "Nederlands" in prompt
    for answer in ANSWERS:
        assert answer in prompt
    assert "Anna" not in prompt  # only the answers, never who gave them
    assert model.headers[0]["Authorization"] == f"Bearer {API_KEY}"


async def test_without_a_key_no_authorization_header_is_sent(fake_model):
    model, base_url = fake_model
    assert await NarrativeWriter(base_url, "m").write(visie_card2(), ANSWERS) == "Het team deelt."
    assert "Authorization" not in model.headers[0]


async def test_a_slow_model_times_out_and_the_card_goes_without(fake_model, caplog):
    model, base_url = fake_model
    model.behaviour = "slow"
    writer = NarrativeWriter(base_url, "m", api_key=API_KEY, timeout=0.2)
    with caplog.at_level(logging.WARNING, logger="bot.narrative"):
        assert await writer.write(visie_card2(), ANSWERS) is None
    assert caplog.records
    assert API_KEY not in caplog.text


@pytest.mark.parametrize("behaviour", ["error", "garbage"])
async def test_a_failing_model_gives_no_narrative_and_logs_without_the_key(
    fake_model, caplog, behaviour
):
    model, base_url = fake_model
    model.behaviour = behaviour
    writer = NarrativeWriter(base_url, "m", api_key=API_KEY)
    with caplog.at_level(logging.WARNING, logger="bot.narrative"):
        assert await writer.write(visie_card2(), ANSWERS) is None
    assert "narrative" in caplog.text
    assert API_KEY not in caplog.text


async def test_an_unreachable_model_gives_no_narrative(caplog):
    writer = NarrativeWriter("http://127.0.0.1:9/v1", "m", api_key=API_KEY, timeout=2)
    with caplog.at_level(logging.WARNING, logger="bot.narrative"):
        assert await writer.write(visie_card2(), ANSWERS) is None
    assert API_KEY not in caplog.text


async def test_no_answers_means_no_request(fake_model):
    model, base_url = fake_model
    assert await NarrativeWriter(base_url, "m").write(visie_card2(), ["  "]) is None
    assert model.requests == []


def test_the_writer_never_shows_its_key():
    writer = NarrativeWriter("http://127.0.0.1:1/v1", "m", api_key=API_KEY)
    assert API_KEY not in repr(writer)
