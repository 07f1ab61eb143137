"""Telegram's flood limits: 20 messages a minute per group, 30 a second overall."""

from bot.sandbox import BotApiDouble, FloodLimits

from .conftest import FakeClock, RawBotApi


async def test_the_21st_message_in_a_minute_to_one_group_is_told_to_retry(
    raw: RawBotApi, api: BotApiDouble, clock: FakeClock
) -> None:
    group = api.group("Noord", bot_is_member=True)
    for n in range(20):
        clock.advance(0.5)
        await raw.ok("sendMessage", chat_id=group.id, text=f"bericht {n}")
    status, description, parameters = await raw.error("sendMessage", chat_id=group.id, text="21")
    assert status == 429
    # the first of the 20 was sent 9.5 s ago, so it leaves the window in 50.5 s
    assert description == "Too Many Requests: retry after 51"
    assert parameters == {"retry_after": 51}
    assert api.rate_limited_count == 1
    clock.advance(51)
    await raw.ok("sendMessage", chat_id=group.id, text="weer toegestaan")


async def test_edits_count_towards_the_group_limit(raw: RawBotApi, api: BotApiDouble) -> None:
    group = api.group("Noord", bot_is_member=True)
    sent = await raw.ok("sendMessage", chat_id=group.id, text="tally 0")
    for n in range(1, 20):
        await raw.ok(
            "editMessageText", chat_id=group.id, message_id=sent["message_id"], text=f"tally {n}"
        )
    status, _, _ = await raw.error(
        "editMessageText", chat_id=group.id, message_id=sent["message_id"], text="tally 20"
    )
    assert status == 429


async def test_more_than_30_messages_a_second_overall_are_rate_limited(
    raw: RawBotApi, api: BotApiDouble, clock: FakeClock
) -> None:
    groups = [api.group(f"Groep {n}", bot_is_member=True) for n in range(4)]
    for n in range(30):
        await raw.ok("sendMessage", chat_id=groups[n % 4].id, text="x")
    status, description, parameters = await raw.error(
        "sendMessage", chat_id=groups[0].id, text="een te veel"
    )
    assert (status, parameters) == (429, {"retry_after": 1})
    assert description == "Too Many Requests: retry after 1"
    clock.advance(1)
    await raw.ok("sendMessage", chat_id=groups[1].id, text="weer ruimte")


async def test_limits_are_configurable(raw: RawBotApi) -> None:
    async with BotApiDouble(raw.token, flood_limits=FloodLimits(per_group_per_minute=2)) as api:
        group = api.group("Noord", bot_is_member=True)
        raw.base_url = api.base_url
        await raw.ok("sendMessage", chat_id=group.id, text="1")
        await raw.ok("sendMessage", chat_id=group.id, text="2")
        status, _, _ = await raw.error("sendMessage", chat_id=group.id, text="3")
        assert status == 429


async def test_flood_limits_can_be_switched_off_for_benchmarks(raw: RawBotApi) -> None:
    async with BotApiDouble(raw.token, flood_limits=FloodLimits.off()) as api:
        group = api.group("Noord", bot_is_member=True)
        raw.base_url = api.base_url
        for n in range(100):
            await raw.ok("sendMessage", chat_id=group.id, text=str(n))
        assert api.rate_limited_count == 0
