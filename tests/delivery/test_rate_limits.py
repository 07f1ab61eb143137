"""The bot's rate limiter against the double at Telegram's limits (30 messages a second)."""

import asyncio

from telegram.ext import ExtBot

from bot.delivery.rate_limits import MessageRateLimiter
from bot.sandbox import BotApiDouble


async def test_a_burst_of_messages_to_many_groups_is_spread_out_and_never_refused():
    async with BotApiDouble() as api:
        groups = [api.group(f"Groep {n}", bot_is_member=True) for n in range(45)]
        bot = ExtBot(api.token, base_url=api.base_url, rate_limiter=MessageRateLimiter())
        async with bot:
            sent = await asyncio.gather(
                *(bot.send_message(group.id, "Kaart 1 · vraag 1") for group in groups)
            )

        assert len(sent) == len(groups)
        assert api.rate_limited_count == 0
