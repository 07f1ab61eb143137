"""`kill -9` mid-card: the bot is a real `samenbot run` process, killed without warning and
started again on the same database. Every answer it acknowledged is still there."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.sandbox import BotApiDouble, FloodLimits

pytestmark = pytest.mark.skipif(
    os.environ.get("E2E_DATABASE") == "postgresql",
    reason="this kill -9 test plays on a SQLite file; it ran in the first pass of make test",
)


def start_bot(api: BotApiDouble, database: Path, log: Path) -> subprocess.Popen:
    environ = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "LOG_LEVEL": "INFO",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=environ,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        cwd=database.parent,
    )


async def test_answers_acknowledged_before_a_kill_survive_the_restart(tmp_path):
    database, log = tmp_path / "samenbot.db", tmp_path / "bot.log"
    async with BotApiDouble(flood_limits=FloodLimits(per_group_per_minute=1000)) as api:
        anna, bram, cees = api.user("Anna"), api.user("Bram"), api.user("Cees")
        group = api.group("Partnerschap Noord")
        group.set_admins(anna)
        process = start_bot(api, database, log)
        try:
            await group.add_bot(by=anna)
            await group.next_bot_message(timeout=60)
            await group.command(anna, "/koppel Partnerschap Noord | Onderwijsregio Oost")
            await group.next_bot_message(timeout=20)
            await group.command(anna, "/gesprek visie-op-beroep kaart 2")
            await group.next_bot_message(timeout=20)
            question = await group.next_bot_message(timeout=20)
            first = await group.reply(bram, question, "Onderzoekende houding\n* Eigenaarschap")
            second = await group.reply(cees, question, "Leren van en met elkaar")
            await group.wait_for(
                lambda: first.reactions and second.reactions, timeout=20, waiting_for="👍 twice"
            )
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=20)

            late = await group.reply(anna, question, "Pedagogisch vakmanschap")
            process = start_bot(api, database, log)
            await group.wait_for(lambda: late.reactions, timeout=60, waiting_for="the restart")
            await group.command(anna, "/stop")
            outcome = await group.next_bot_message(timeout=20)
        finally:
            process.kill()
            process.wait(timeout=20)

    assert "Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten" in outcome.text
    for said in (
        "Onderzoekende houding",
        "Eigenaarschap",
        "Leren van en met elkaar",
        "Pedagogisch vakmanschap",
    ):
        assert said in outcome.text, log.read_text()[-3000:]
