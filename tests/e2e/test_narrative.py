"""With a language model configured, the outcome card gains a short paragraph written from that
card's answers only (names left out); the card is stored with it and escaped like the rest."""

import json

import pytest
from aiohttp import web

PARAGRAPH = "Het team ziet de <onderzoekende> houding als kern & wil die concreter maken."


async def test_a_configured_writer_adds_a_paragraph_to_the_outcome_card(world, aiohttp_fake_llm):
    url, prompts = aiohttp_fake_llm
    async with world.bot(LLM_BASE_URL=url, LLM_MODEL="proefmodel"):
        group = await world.partnership_group()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()
        answer = await group.reply(world.bram, question, "Onderzoekende houding")
        await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await group.command(world.anna, "/stop")
        outcome = await group.next_bot_message()
        await group.next_bot_message()
        await group.command(world.cees, "/samenvatting")
        stored = await group.next_bot_message()

    assert PARAGRAPH in outcome.text
    assert "&lt;onderzoekende&gt;" in outcome.sent_text, "the model's text is escaped"
    assert stored.text == outcome.text, "the card is stored with its paragraph"
    (prompt,) = prompts
    assert "Onderzoekende houding" in prompt and "Bram" not in prompt


async def test_a_failing_writer_leaves_the_card_complete(world, aiohttp_fake_llm):
    url, _ = aiohttp_fake_llm
    async with world.bot(LLM_BASE_URL=url + "/kapot", LLM_MODEL="proefmodel"):
        group = await world.partnership_group()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()
        answer = await group.reply(world.bram, question, "Onderzoekende houding")
        await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await group.command(world.anna, "/stop")
        outcome = await group.next_bot_message()

    assert "Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten" in outcome.text
    assert "Onderzoekende houding" in outcome.text
    assert PARAGRAPH not in outcome.text


@pytest.fixture
async def aiohttp_fake_llm():
    """A local OpenAI-compatible endpoint: /v1/chat/completions answers, anything else fails."""
    prompts: list[str] = []

    async def completions(request: web.Request) -> web.Response:
        body = await request.json()
        prompts.append(json.dumps(body["messages"], ensure_ascii=False))
        return web.json_response({"choices": [{"message": {"content": PARAGRAPH}}]})

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/v1", prompts
    finally:
        await runner.cleanup()
