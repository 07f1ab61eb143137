"""Telegram's flood limits, applied to what they cover: messages posted into a chat (20 a
minute in a group, 30 a second overall) and edits of them. A 👍 under an answer, the answer to
a button press or a look at the group's admins are not messages: metering them like messages
made thirty 👍s hold the next question up for most of a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

__all__ = ["MessageRateLimiter"]

METERED_PREFIXES = ("send", "copyMessage", "forwardMessage", "edit")


class MessageRateLimiter(AIORateLimiter):
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
