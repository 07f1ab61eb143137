"""Everything the double's Telegram knows: users, chats, messages, pending updates.

All state lives on the event loop; every change ends with ``await world.changed_now()``, which
wakes whoever waits on ``world.changed`` (a long-polling getUpdates, a test awaiting the bot's
next message). Nothing in the double sleeps to synchronise.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import TypeVar

from bot.sandbox.faults import Faults
from bot.sandbox.limits import FloodControl, FloodLimits
from bot.sandbox.models import ApiCall, Chat, Message, StoredFile, User, chat_member_json
from bot.sandbox.privacy import bot_receives

__all__ = ["World"]

T = TypeVar("T")

# Telegram's default when allowed_updates was never given: all but these three.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class World:
    def __init__(
        self,
        bot: User,
        *,
        privacy_mode: bool = True,
        clock: Callable[[], float] = time.time,
        flood_limits: FloodLimits | None = None,
    ) -> None:
        self.bot = bot
        self.flood = FloodControl(flood_limits or FloodLimits.off(), clock)
        self.faults = Faults()
        self.privacy_mode = privacy_mode
        self.clock = clock
        self.users: dict[int, User] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.updates: list[dict] = []
        self.allowed_updates: frozenset[str] | None = None  # None: Telegram's default
        self.callback_answers: dict[str, dict | None] = {}  # query id -> answer (None: open)
        self.files: dict[str, StoredFile] = {}
        self.calls: list[ApiCall] = []
        self.call_errors: list[tuple[ApiCall, str]] = []  # refused calls and Telegram's reason
        self.commands: dict[tuple[str, str], list[dict]] = {}  # (scope JSON, language) -> list
        self.webhook: dict = {"url": ""}
        self.webhook_deliveries: list[dict] = []  # updates the webhook answered with 200
        self.confirmed_updates: list[dict] = []  # updates a getUpdates offset confirmed
        self.changed = asyncio.Condition()
        self.closing = False
        self.poll_generation = 0  # a newer getUpdates terminates an older one (409)
        self._user_ids = itertools.count(1_000_001)
        self._group_ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)

    # -- registry -------------------------------------------------------------------------
    def now(self) -> int:
        return int(self.clock())

    def new_user(self, first_name: str, **fields: object) -> User:
        user = User(id=next(self._user_ids), first_name=first_name, **fields)  # type: ignore[arg-type]
        self.users[user.id] = user
        return user

    def new_group(self, title: str, *, supergroup: bool, forum: bool = False) -> Chat:
        n = next(self._group_ids)
        chat_id = -1_001_000_000_000 - n if supergroup else -4_000_000_000 - n
        chat = Chat(
            id=chat_id,
            type="supergroup" if supergroup else "group",
            title=title,
            is_forum=forum,
        )
        self.chats[chat.id] = chat
        return chat

    def private_chat(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = Chat(id=user.id, type="private", private_user=user, bot_status="member")
            self.chats[user.id] = chat
        return chat

    def find_chat(self, chat_ref: int | str) -> Chat | None:
        if isinstance(chat_ref, str) and chat_ref.startswith("@"):
            name = chat_ref[1:].lower()
            return next(
                (c for c in self.chats.values() if (c.username or "").lower() == name), None
            )
        return self.chats.get(int(chat_ref))

    def new_file_id(self) -> tuple[str, str]:
        n = next(self._file_ids)
        return f"BQACAgDoubleFile{n:06d}", f"AgADuniq{n:06d}"

    def new_query_id(self) -> str:
        return str(4_000_000_000_000_000 + next(self._query_ids))

    # -- messages -------------------------------------------------------------------------
    def post(self, chat: Chat, sender: User, **fields: object) -> Message:
        message = Message(
            chat=chat, message_id=chat.next_message_id, sender=sender, date=self.now(), **fields
        )  # type: ignore[arg-type]
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        return message

    def privacy_on(self, chat: Chat) -> bool:
        return self.privacy_mode if chat.privacy_mode is None else chat.privacy_mode

    def bot_receives(self, message: Message) -> bool:
        return bot_receives(
            message,
            bot_id=self.bot.id,
            bot_username=self.bot.username or "",
            privacy_on=self.privacy_on(message.chat),
        )

    def deliver(self, message: Message, *, edited: bool = False) -> bool:
        """Queue a (edited_)message update if the bot may see it; True when queued."""
        if message.from_bot or not self.bot_receives(message):
            return False
        self.enqueue("edited_message" if edited else "message", message.to_api())
        message.seen_by_bot = True
        return True

    def enqueue(self, kind: str, payload: dict) -> int:
        update_id = next(self._update_ids)
        self.updates.append({"update_id": update_id, kind: payload})
        return update_id

    def my_chat_member(self, chat: Chat, by: User, old: str, new: str) -> None:
        self.enqueue(
            "my_chat_member",
            {
                "chat": chat.to_api(),
                "from": by.to_api(),
                "date": self.now(),
                "old_chat_member": chat_member_json(self.bot, old),
                "new_chat_member": chat_member_json(self.bot, new),
            },
        )

    # -- updates --------------------------------------------------------------------------
    def confirm(self, offset: int) -> None:
        """getUpdates semantics: an offset confirms every update with a lower id; Telegram
        forgets them (the double keeps them in `confirmed_updates`, for soak reports)."""
        if offset < 0:
            kept = self.updates[offset:]
        else:
            kept = [u for u in self.updates if u["update_id"] >= offset]
        self.confirmed_updates += [u for u in self.updates if u not in kept]
        self.updates = kept

    def update_allowed(self, update: dict) -> bool:
        kind = next(k for k in update if k != "update_id")
        if self.allowed_updates is None:
            return kind not in _OPT_IN_UPDATES
        return kind in self.allowed_updates

    def deliverable_updates(self) -> list[dict]:
        """Pending updates the bot asked for; the others are dropped, as Telegram does."""
        self.updates = [u for u in self.updates if self.update_allowed(u)]
        return self.updates

    # -- waiting --------------------------------------------------------------------------
    async def changed_now(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float | None,  # noqa: ASYNC109 - callers pass their deadline through
    ) -> T:
        """Wait until predicate() is truthy (re-checked on every change); return its value."""
        async with asyncio.timeout(timeout), self.changed:
            return await self.changed.wait_for(predicate)
