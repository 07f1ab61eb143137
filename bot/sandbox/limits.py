"""Telegram's flood control: 20 messages a minute in one group, 30 a second overall.

Counted per successful send or edit (sendMessage, sendDocument, sendPhoto, editMessage*). Past a
limit the request fails with 429 ``Too Many Requests: retry after N`` and
``parameters.retry_after = N``, N being the seconds until the oldest counted send leaves its
window. The clock is injectable so tests move time instead of sleeping.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox.errors import BotApiError

__all__ = ["FloodControl", "FloodLimits"]


@dataclass(frozen=True)
class FloodLimits:
    per_group_per_minute: int | None = 20
    overall_per_second: int | None = 30

    @classmethod
    def off(cls) -> FloodLimits:
        """For benchmarks: nothing is ever rate limited."""
        return cls(per_group_per_minute=None, overall_per_second=None)


class FloodControl:
    def __init__(self, limits: FloodLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.rate_limited_count = 0
        self._overall: deque[float] = deque()
        self._per_chat: dict[int, deque[float]] = defaultdict(deque)

    def check(self, chat_id: int, is_group: bool) -> None:
        """Raise 429 if one more send to this chat would break a limit."""
        now = self.clock()
        waits = []
        if self.limits.overall_per_second is not None:
            waits.append(_wait(self._overall, now, 1.0, self.limits.overall_per_second))
        if is_group and self.limits.per_group_per_minute is not None:
            sent = self._per_chat[chat_id]
            waits.append(_wait(sent, now, 60.0, self.limits.per_group_per_minute))
        retry_after = max(waits, default=0)
        if retry_after > 0:
            self.rate_limited_count += 1
            raise BotApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )

    def record(self, chat_id: int) -> None:
        now = self.clock()
        self._overall.append(now)
        self._per_chat[chat_id].append(now)


def _wait(sent: deque[float], now: float, window: float, limit: int) -> int:
    while sent and sent[0] <= now - window:
        sent.popleft()
    if len(sent) < limit:
        return 0
    return max(1, math.ceil(sent[0] + window - now))
