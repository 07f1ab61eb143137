"""Who may steer a run: its starter (decided by the engine) and the group's admins.

Admins come from getChatAdministrators, cached briefly so a burst of button presses costs one
call; a change of admins is seen within a minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import Bot
from telegram.constants import ChatType
from telegram.error import TelegramError

__all__ = ["AdminCache"]


class AdminCache:
    def __init__(
        self, bot: Bot, ttl_seconds: float = 60, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._bot = bot
        self._ttl = ttl_seconds
        self._clock = clock
        self._admins: dict[int, tuple[float, frozenset[int]]] = {}

    async def is_admin(self, chat_id: int, chat_type: str, user_id: int) -> bool:
        if chat_type == ChatType.PRIVATE:
            return True
        cached = self._admins.get(chat_id)
        if cached is None or self._clock() - cached[0] > self._ttl:
            try:
                admins = await self._bot.get_chat_administrators(chat_id)
            except TelegramError:
                return False
            cached = (self._clock(), frozenset(admin.user.id for admin in admins))
            self._admins[chat_id] = cached
        return user_id in cached[1]

    def forget(self, chat_id: int) -> None:
        self._admins.pop(chat_id, None)
