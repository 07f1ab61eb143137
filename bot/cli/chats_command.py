"""`samenbot chats` — the chats the bot knows, what they are bound to, and their runs.

`samenbot export --chat` wants a Telegram chat id and `--run` a run id; this is where to find
them.
"""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.startup import check_database_location
from bot.settings import load_settings
from storage import UnitOfWork, create_engine, create_session_factory, upgrade_database

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    check_database_location(settings.database_url)
    for line in asyncio.run(_lines(settings.database_url)):
        print(line)
    return 0


async def _lines(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    lines: list[str] = []
    try:
        await upgrade_database(engine)
        async with UnitOfWork(create_session_factory(engine)) as uow:
            chats = await uow.chats.all_chats()
            for chat in chats:
                partnership = await uow.chats.partnership_of(chat)
                region = await uow.chats.region_of(chat)
                gone = "" if chat.active else "  (bot removed)"
                lines.append(
                    f"{chat.telegram_chat_id}\t{chat.title or '–'}\t"
                    f"partnership: {partnership.name if partnership else '–'}\t"
                    f"region: {region.name if region else '–'}{gone}"
                )
                for run in await uow.chats.runs_of_chat(chat.id):
                    lines.append(
                        f"    run {run.id}\t{run.flow_id}\t{run.status}\t"
                        f"started {run.started_at:%Y-%m-%d %H:%M} UTC"
                    )
    finally:
        await engine.dispose()
    return lines or ["no chats yet: add the bot to a group and /koppel it"]
