"""getUpdates: a real long poll that wakes on the next update; offsets confirm."""

import asyncio

from bot.sandbox import BotApiDouble

from .conftest import RawBotApi


async def test_a_waiting_get_updates_wakes_as_soon_as_an_update_arrives(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    anna = api.user("Anna")
    dm = api.private_chat(anna)
    poll = asyncio.create_task(raw.ok("getUpdates", timeout=30))
    await api.wait_for(lambda: api.world.poll_generation == 1)  # the poll is waiting
    assert not poll.done()
    await dm.say(anna, "hallo")
    updates = await asyncio.wait_for(poll, timeout=5)  # far below the 30 s long-poll timeout
    assert [u["message"]["text"] for u in updates] == ["hallo"]


async def test_get_updates_with_nothing_queued_returns_an_empty_list_after_the_timeout(
    raw: RawBotApi,
) -> None:
    assert await raw.ok("getUpdates", timeout=0) == []


async def test_an_offset_confirms_earlier_updates_and_ids_keep_increasing(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    anna = api.user("Anna")
    dm = api.private_chat(anna)
    for text in ("een", "twee", "drie"):
        await dm.say(anna, text)
    first = await raw.ok("getUpdates", limit=2)
    assert [u["message"]["text"] for u in first] == ["een", "twee"]
    assert first[1]["update_id"] == first[0]["update_id"] + 1
    again = await raw.ok("getUpdates", offset=first[0]["update_id"])
    assert [u["message"]["text"] for u in again] == ["een", "twee", "drie"]
    rest = await raw.ok("getUpdates", offset=first[1]["update_id"] + 1)
    assert [u["message"]["text"] for u in rest] == ["drie"]
    assert await raw.ok("getUpdates", offset=rest[0]["update_id"] + 1) == []


async def test_allowed_updates_filters_and_is_remembered(raw: RawBotApi, api: BotApiDouble) -> None:
    anna = api.user("Anna")
    group = api.group("Noord", creator=anna)
    await group.add_bot(by=anna)  # my_chat_member + message
    updates = await raw.ok("getUpdates", allowed_updates=["message"])
    assert ["message" in u for u in updates] == [True]
    await group.kick_bot(by=anna)  # only my_chat_member: not allowed
    assert await raw.ok("getUpdates", offset=updates[0]["update_id"] + 1) == []


async def test_a_second_poller_terminates_the_first_with_a_conflict(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    first = asyncio.create_task(raw("getUpdates", timeout=30))
    await api.wait_for(lambda: api.world.poll_generation == 1)
    assert await raw.ok("getUpdates", timeout=0) == []
    status, body = await asyncio.wait_for(first, timeout=5)
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")


async def test_get_updates_is_refused_while_a_webhook_is_set(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    await raw.ok("setWebhook", url="https://samenbot.example/hook", secret_token="geheim")
    assert api.webhook["secret_token"] == "geheim"
    info = await raw.ok("getWebhookInfo")
    assert info["url"] == "https://samenbot.example/hook"
    status, description, _ = await raw.error("getUpdates")
    assert status == 409 and "webhook is active" in description
    await raw.ok("deleteWebhook", drop_pending_updates=True)
    assert await raw.ok("getUpdates") == []


async def test_stopping_the_double_releases_a_waiting_poll(raw: RawBotApi) -> None:
    async with BotApiDouble(raw.token) as api:
        raw.base_url = api.base_url
        poll = asyncio.create_task(raw("getUpdates", timeout=30))
        await api.wait_for(lambda: api.world.poll_generation == 1)
    status, body = await asyncio.wait_for(poll, timeout=5)
    assert (status, body["result"]) == (200, [])
