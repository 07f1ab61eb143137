"""End-to-end: the real samenbot application polling the strict Bot API double on loopback,
with a real SQLite file. Tests read like a transcript of the group chat."""

from __future__ import annotations

import os
import re
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app import build_application
from bot.delivery.courier import DeliveryPolicy
from bot.delivery.rate_limits import MessageRateLimiter
from bot.lifecycle import running
from bot.runtime import Runtime
from bot.sandbox import BotApiDouble, ChatScenario, FloodLimits, User
from bot.settings import load_settings
from storage import create_engine
from tests.storage.conftest import POSTGRES_URL_VARIABLE, postgres_unavailable

# Retries come quickly in tests: what is tested is that they happen, in order, not the wait.
QUICK_RETRIES = DeliveryPolicy(first_retry=0.02, longest_wait=0.2, max_attempts=20)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Clock:
    """The bot's notion of now, moved by the test."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    api: BotApiDouble
    database: Path  # the SQLite file, when the tests run on SQLite
    database_url: str
    clock: Clock
    anna: User
    bram: User
    cees: User

    # The production limiter (reactions not metered), at rates that keep tests quick.
    overall_rate: int = 1000
    group_rate: int = 1000
    tally_spacing: float = 0.3  # seconds between a group's tally edits (production: 6)

    @asynccontextmanager
    async def bot(self, *, webhook: bool = False, **settings: str) -> AsyncIterator[Runtime]:
        """A samenbot process; leave the block to stop it (a restart is a second block).

        It yields the process's runtime: `runtime.services` reaches its parts once started.
        With `webhook`, the double POSTs updates to the bot as Telegram does.
        """
        environ = {
            "TELEGRAM_BOT_TOKEN": self.api.token,
            "TELEGRAM_API_BASE_URL": self.api.base_url,
            "DATABASE_URL": self.database_url,
            **settings,
        }
        if webhook:
            port = free_port()
            environ |= {
                "WEBHOOK_URL": f"http://127.0.0.1:{port}",
                "WEBHOOK_SECRET": "geheim-token-123",
                "WEBHOOK_LISTEN": "127.0.0.1",
                "WEBHOOK_PORT": str(port),
            }
        runtime = Runtime(load_settings(environ), self.clock)
        application = build_application(
            runtime,
            rate_limiter=MessageRateLimiter(
                per_second=self.overall_rate, per_group_per_minute=self.group_rate
            ),
            tally_delay=0.3,
            tally_spacing=self.tally_spacing,
            delivery=QUICK_RETRIES,
        )
        async with running(application, runtime, webhook=webhook):
            yield runtime

    async def partnership_group(self, title: str = "Partnerschap Noord") -> ChatScenario:
        group = self.api.group(title)
        group.set_admins(self.anna)
        await group.add_bot(by=self.anna)
        await group.next_bot_message()
        await group.command(self.anna, f"/koppel {title} | Onderwijsregio Oost")
        await group.next_bot_message()
        return group


async def answered(group: ChatScenario, message) -> None:
    await group.wait_for(lambda: message.reactions == ["👍"], waiting_for="the 👍 reaction")


def code_in(text: str) -> str:
    """The invitation code of a /uitnodigen answer."""
    return re.search(r"/koppel ([A-Z0-9]{5}-[A-Z0-9]{5})", text).group(1)


async def finish_card_two(group: ChatScenario, facilitator: User, member: User, elements: str):
    """Visie-op-beroep card 2 with one answer, stopped: its outcome card is stored."""
    await group.command(facilitator, "/gesprek visie-op-beroep kaart 2")
    await group.next_bot_message()
    kern = await group.next_bot_message()
    await answered(group, await group.reply(member, kern, elements))
    await group.command(facilitator, "/stop")
    outcome = await group.next_bot_message()
    assert outcome.text.startswith("Kaartje 2. Partnerschap Samen Opleiden")
    await group.next_bot_message()


async def settled(runtime: Runtime) -> None:
    """Every update handled and everything decided delivered."""
    await runtime.services.processor.wait_until_idle()
    await runtime.services.courier.wait_until_idle()
    await runtime.services.processor.wait_until_idle()


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[str]:
    """A database of its own on the PostgreSQL server of TEST_DATABASE_URL, dropped after."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    reason = await postgres_unavailable(url)
    if reason:
        pytest.skip(reason)
    name = f"samenbot_e2e_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@asynccontextmanager
async def e2e_database(tmp_path: Path) -> AsyncIterator[str]:
    """A SQLite file; or, in `make test`'s second pass (E2E_DATABASE=postgresql), a fresh
    PostgreSQL database."""
    if os.environ.get("E2E_DATABASE") == "postgresql":
        async with fresh_postgres_database() as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}"


def _world(api: BotApiDouble, tmp_path: Path, database_url: str) -> World:
    return World(
        api=api,
        database=tmp_path / "samenbot.db",
        database_url=database_url,
        clock=Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC)),
        anna=api.user("Anna", last_name="de Vries"),
        bram=api.user("Bram"),
        cees=api.user("Cees"),
    )


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with (
        e2e_database(tmp_path) as database_url,
        BotApiDouble(flood_limits=FloodLimits(per_group_per_minute=1000)) as api,
    ):
        yield _world(api, tmp_path, database_url)


@pytest.fixture
async def flood_limited_world(tmp_path: Path) -> AsyncIterator[World]:
    """Telegram's real flood limits (20 messages a minute per group), for burst tests."""
    async with (
        e2e_database(tmp_path) as database_url,
        BotApiDouble(flood_limits=FloodLimits()) as api,
    ):
        yield _world(api, tmp_path, database_url)
