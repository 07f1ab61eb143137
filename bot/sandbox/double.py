"""``BotApiDouble``: a strict local Telegram Bot API for end-to-end tests, benchmarks and the demo.

    async with BotApiDouble(token="123456:TEST", bot_username="samenbot_bot") as api:
        app = (Application.builder().token(api.token)
               .base_url(api.base_url).base_file_url(api.base_file_url).build())
        anna = api.user("Anna", last_name="de Vries")
        group = api.group("Partnerschap Noord", creator=anna)
        await group.add_bot(by=anna)
        await group.command(anna, "/start")
        print((await group.next_bot_message()).text)

The bot talks HTTP to 127.0.0.1 exactly as it talks to Telegram; the test acts as the members.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TypeVar

import aiohttp

from bot.sandbox.faults import Faults
from bot.sandbox.limits import FloodLimits
from bot.sandbox.models import ApiCall, StoredFile, User
from bot.sandbox.scenario import ChatScenario
from bot.sandbox.server import BotApiServer
from bot.sandbox.world import World

__all__ = ["BotApiDouble"]

T = TypeVar("T")


class BotApiDouble:
    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        bot_username: str = "samenbot_bot",
        bot_name: str = "samenbot",
        privacy_mode: bool = True,
        flood_limits: FloodLimits | None = FloodLimits(),  # noqa: B008 - frozen dataclass
        clock: Callable[[], float] = time.time,
    ) -> None:
        bot_id, _, _ = token.partition(":")
        if not bot_id.isdigit():
            raise ValueError(f"a bot token looks like '123456:ABC', got {token!r}")
        self.token = token
        self.bot = User(int(bot_id), bot_name, username=bot_username, is_bot=True)
        self.world = World(
            self.bot, privacy_mode=privacy_mode, clock=clock, flood_limits=flood_limits
        )
        self.server = BotApiServer(self.world, token)
        self._handles: dict[int, ChatScenario] = {}

    async def __aenter__(self) -> BotApiDouble:
        await self.start()
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        await self.stop()
        if exc is None and self.server.internal_errors:
            raise RuntimeError("the Bot API double failed") from self.server.internal_errors[0]

    async def start(self) -> None:
        await self.server.start()

    async def stop(self) -> None:
        await self.server.stop()

    # -- where PTB connects ---------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=…)`` / ``builder.base_url(…)``: PTB appends the token."""
        return f"http://127.0.0.1:{self._port()}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._port()}/file/bot"

    def _port(self) -> int:
        if self.server.port is None:
            raise RuntimeError("start the double first: async with BotApiDouble() as api")
        return self.server.port

    # -- cast -----------------------------------------------------------------------------
    @property
    def privacy_mode(self) -> bool:
        return self.world.privacy_mode

    @privacy_mode.setter
    def privacy_mode(self, on: bool) -> None:
        self.world.privacy_mode = on

    def user(
        self,
        first_name: str,
        last_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = "nl",
    ) -> User:
        return self.world.new_user(
            first_name, last_name=last_name, username=username, language_code=language_code
        )

    def group(
        self, title: str, *, creator: User | None = None, bot_is_member: bool = False
    ) -> ChatScenario:
        """A basic group. The bot joins with ``await group.add_bot(by=…)`` (or bot_is_member)."""
        return self._new_group(title, creator, bot_is_member, supergroup=False)

    def supergroup(
        self,
        title: str,
        *,
        forum: bool = False,
        creator: User | None = None,
        username: str | None = None,
        bot_is_member: bool = False,
    ) -> ChatScenario:
        handle = self._new_group(title, creator, bot_is_member, supergroup=True, forum=forum)
        handle.chat.username = username
        return handle

    def _new_group(
        self, title: str, creator: User | None, bot_is_member: bool, **kind: bool
    ) -> ChatScenario:
        chat = self.world.new_group(title, **kind)
        chat.creator = creator
        if creator is not None:
            chat.members.add(creator.id)
        if bot_is_member:
            chat.bot_status = "member"
        return self._handle(chat.id)

    def private_chat(self, user: User) -> ChatScenario:
        """The user's chat with the bot (as if they pressed Start)."""
        return self._handle(self.world.private_chat(user).id)

    def chat(self, chat_id: int) -> ChatScenario:
        return self._handle(chat_id)

    def _handle(self, chat_id: int) -> ChatScenario:
        if chat_id not in self._handles:
            self._handles[chat_id] = ChatScenario(
                self.world, self.world.chats[chat_id], self._handles
            )
        return self._handles[chat_id]

    # -- what the bot did -----------------------------------------------------------------
    @property
    def calls(self) -> list[ApiCall]:
        return self.world.calls

    def calls_to(self, method: str) -> list[dict[str, object]]:
        return [call.params for call in self.world.calls if call.method.lower() == method.lower()]

    @property
    def faults(self) -> Faults:
        """Inject failures: `api.faults.inject("sendMessage", Fault.SERVER_ERROR)`."""
        return self.world.faults

    @property
    def refused_calls(self) -> list[tuple[ApiCall, str]]:
        return self.world.call_errors

    @property
    def rate_limited_count(self) -> int:
        return self.world.flood.rate_limited_count

    @property
    def commands(self) -> dict[str, list[dict]]:
        """Default-scope command lists by language_code ('' = no language)."""
        default = json.dumps({"type": "default"})
        return {
            lang: cmds for (scope, lang), cmds in self.world.commands.items() if scope == default
        }

    @property
    def scoped_commands(self) -> dict[tuple[str, str], list[dict]]:
        """Every command list by (scope as canonical JSON, language_code)."""
        return self.world.commands

    @property
    def documents(self) -> list[StoredFile]:
        return [f for f in self.world.files.values() if f.kind == "document"]

    @property
    def photos(self) -> list[StoredFile]:
        return [f for f in self.world.files.values() if f.kind == "photo"]

    @property
    def webhook(self) -> dict:
        return self.world.webhook

    @property
    def pending_updates(self) -> list[dict]:
        return self.world.updates

    async def deliver_again(self, update: dict) -> bool:
        """POST an update the webhook already took once more, as Telegram does when it did
        not see the answer; True when the webhook answered 200."""
        async with aiohttp.ClientSession() as session:
            return await self.server.post_update(session, update)

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - the transcript API takes a timeout
    ) -> T:
        return await self.world.wait_for(predicate, timeout)
