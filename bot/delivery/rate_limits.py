"""Telegram's flood limits, applied to what they cover: messages posted into a chat (20 a
minute in a group, 30 a second overall) and edits of them. A 👍 under an answer, the answer to
a button press or a look at the group's admins are not messages: metering them like messages
made thirty 👍s hold the next question up for most of a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.constants import FloodLimit
from telegram.ext import AIORateLimiter

__all__ = ["MessageRateLimiter"]

METERED_PREFIXES = ("send", "copyMessage", "forwardMessage", "edit")


class MessageRateLimiter(AIORateLimiter):
    """python-telegram-bot's limiter, for messages only, with Telegram's limits kept in every
    second and every minute. Its limiter (aiolimiter) is a leaky bucket: a bucket of 30 a
    second lets 30 messages through at once and 30 more within that same second, as it
    drains, and Telegram refuses those (429), after which every message of every group waits.
    So overall a bucket of one, refilled thirty times a second: as many a second, never more.
    In a group a bucket of 10 a minute: 10 at once (a card's outcome, the next card's intro
    and question) and 10 more as it drains, never more than 20 in a minute."""

    def __init__(
        self,
        *,
        per_second: int = FloodLimit.MESSAGES_PER_SECOND,
        per_group_per_minute: int = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP,
        max_retries: int = 5,
    ) -> None:
        super().__init__(
            overall_max_rate=1,
            overall_time_period=1 / per_second,
            group_max_rate=max(per_group_per_minute // 2, 1),
            group_time_period=60,
            max_retries=max_retries,
        )

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if not endpoint.startswith(METERED_PREFIXES):
            # Not a message: Telegram's per-chat limits do not apply. A 429 (rare) reaches the
            # caller, which backs off for that kind only (the outbox courier does).
            return await callback(*args, **kwargs)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
