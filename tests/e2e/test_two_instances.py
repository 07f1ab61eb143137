"""Two real `samenbot run --webhook` processes on one PostgreSQL database behind a round-robin
proxy: the double's webhook deliveries alternate between them, members answer at the same
moment, two facilitators press "Volgende ▶" at once, and one instance is killed with SIGKILL
mid-card. Nothing about the conversation may change: every answer stored once, the run moved
once per step, every question and outcome card posted once and in order."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import text

from bot.delivery.courier import LANE_LEASE
from bot.intake.processor import LEASE
from bot.sandbox import BotApiDouble, FloodLimits
from storage import create_engine
from tests.e2e.conftest import free_port, fresh_postgres_database
from tests.e2e.proef import proef_flows

pytestmark = pytest.mark.skipif(
    os.environ.get("E2E_DATABASE") == "postgresql",
    reason="PostgreSQL-only: it ran in the first pass of make test",
)

SECRET = "geheim-token-123"


async def everything_sent(database_url: str) -> None:
    """Until no message the instances decided waits to be recorded as sent. They are other
    processes, so this asks their database every 50 ms."""
    engine = create_engine(database_url)
    try:
        async with asyncio.timeout(30):
            while True:
                async with engine.connect() as connection:
                    waiting = await connection.scalar(
                        text("SELECT count(*) FROM outbox WHERE status = 'pending'")
                    )
                if waiting == 0:
                    return
                await asyncio.sleep(0.05)
    finally:
        await engine.dispose()


class RoundRobin:
    """A reverse proxy for the webhook: each update to the next instance; an instance that
    does not answer (killed) is skipped, as a proxy's `next upstream on error` does."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self._next = itertools.cycle(range(len(ports)))
        self.forwarded: list[int] = []
        self._runner: web.AppRunner | None = None
        self.port = free_port()

    async def __aenter__(self) -> RoundRobin:
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._session.close()
        await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        first = next(self._next)
        for attempt in range(len(self.ports)):
            port = self.ports[(first + attempt) % len(self.ports)]
            try:
                async with self._session.post(
                    f"http://127.0.0.1:{port}/telegram", data=body, headers=request.headers
                ) as response:
                    self.forwarded.append(port)
                    return web.Response(status=response.status)
            except aiohttp.ClientError:
                continue
        return web.Response(status=502)


def start_instance(environ: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--webhook"],
        env={**environ, "WEBHOOK_PORT": str(port)},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        cwd=log.parent,
    )


async def test_two_instances_on_one_postgresql_keep_the_conversation_whole(tmp_path):
    flows = proef_flows(tmp_path)["FLOWS_PATH"]
    ports = [free_port(), free_port()]
    async with (
        fresh_postgres_database() as database_url,
        BotApiDouble(flood_limits=FloodLimits(per_group_per_minute=None)) as api,
        RoundRobin(ports) as proxy,
    ):
        environ = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "DATABASE_URL": database_url,
            "FLOWS_PATH": flows,
            "WEBHOOK_URL": f"http://127.0.0.1:{proxy.port}",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "127.0.0.1",
        }
        logs = [tmp_path / "a.log", tmp_path / "b.log"]
        instances = [
            start_instance(environ, port, log) for port, log in zip(ports, logs, strict=True)
        ]
        anna, bram, cees, dirk = (api.user(n) for n in ("Anna", "Bram", "Cees", "Dirk"))
        group = api.group("Partnerschap Noord")
        group.set_admins(anna, cees)
        try:
            await api.wait_for(lambda: api.webhook["url"], timeout=60)
            await group.add_bot(by=anna)
            await group.next_bot_message(timeout=60)
            await group.command(anna, "/koppel Partnerschap Noord | Onderwijsregio Oost")
            await group.next_bot_message(timeout=20)
            await group.command(anna, "/gesprek proef")
            await group.next_bot_message(timeout=20)
            first = await group.next_bot_message(timeout=20)
            assert "vraag 1/3" in first.text

            # Everybody answers at the same moment; the answers alternate between instances.
            answers = await asyncio.gather(
                *(
                    group.reply(member, first, f"Antwoord van {member.first_name}")
                    for member in (anna, bram, cees, dirk)
                )
            )
            await group.wait_for(lambda: all(a.reactions == ["👍"] for a in answers), timeout=20)
            # Two facilitators move on at once: one step.
            await asyncio.gather(group.command(anna, "/volgende"), group.command(cees, "/volgende"))
            second = await group.next_bot_message(timeout=20)
            assert "vraag 2/3" in second.text
            presses = await asyncio.gather(
                *(
                    group.press(member, second, "Werven", wait_for_answer=False)
                    for member in (bram, cees, dirk)
                )
            )
            assert len(presses) == 3
            await group.wait_for(lambda: "3 stemmer" in second.text, timeout=20)
            await asyncio.gather(
                group.press(anna, second, "Volgende ▶", wait_for_answer=False),
                group.press(cees, second, "Volgende ▶", wait_for_answer=False),
            )
            third = await group.next_bot_message(timeout=20)
            assert "vraag 3/3" in third.text

            # One instance dies mid-card; the other carries on, at the latest once the leases
            # the dead one held (a chat's updates, a lane of its messages) have run out. It dies
            # between sends: a send cut off by a kill is sent again, by design
            # (docs/reliability.md; `make soak` and test_kill_nine count those).
            await everything_sent(database_url)
            instances[0].send_signal(signal.SIGKILL)
            instances[0].wait(timeout=20)
            late = await asyncio.gather(
                group.reply(bram, third, "Een studiedag"),
                group.reply(dirk, third, "Samen met de scholen plannen"),
            )
            after_leases = (LEASE + LANE_LEASE).total_seconds() + 15
            await group.wait_for(
                lambda: all(a.reactions == ["👍"] for a in late), timeout=after_leases
            )
            await group.command(anna, "/volgende")
            outcome = await group.next_bot_message(timeout=30)
            intro = await group.next_bot_message(timeout=30)
            last = await group.next_bot_message(timeout=30)
            final = await group.reply(cees, last, "De visie")
            await group.wait_for(lambda: final.reactions == ["👍"], timeout=30)
            await group.command(anna, "/stop")
            second_outcome = await group.next_bot_message(timeout=30)
            closing = await group.next_bot_message(timeout=30)
        finally:
            for process in instances:
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=20)
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                stored = (
                    (await connection.execute(text("SELECT message_id FROM answers")))
                    .scalars()
                    .all()
                )
        finally:
            await engine.dispose()

    assert len(set(proxy.forwarded)) == 2, "both instances took updates"
    everything = [*answers, *late, final]
    assert sorted(stored) == sorted(m.message_id for m in everything), "each answer stored once"
    assert outcome.text.startswith("Kaartje 1. Eerste kaart: Uitkomsten")
    for said in ("Antwoord van Anna", "Antwoord van Dirk", "Een studiedag", "Werven"):
        assert said in outcome.text
    assert intro.text.startswith("Kaart 2. Tweede kaart") and "vraag 1/1" in last.text
    assert second_outcome.text.startswith("Kaartje 2. Tweede kaart: Uitkomsten")
    assert "gestopt" in closing.text
    progress = [
        m.text.split("\n")[0] for m in group.messages_from_bot if "· vraag" in (m.text or "")
    ]
    assert progress == [
        "Kaart 1 · vraag 1/3",
        "Kaart 1 · vraag 2/3",
        "Kaart 1 · vraag 3/3",
        "Kaart 2 · vraag 1/1",
    ], "every question once, in order"
    outcomes = [m for m in group.messages_from_bot if "Uitkomsten" in (m.text or "")[:60]]
    assert len(outcomes) == 2, "every outcome card once"
