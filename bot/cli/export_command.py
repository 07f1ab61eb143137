"""`samenbot export --chat … --format …` — a run's report from the command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.exporting import build_report, latest_run_id, render_report
from bot.settings import load_settings
from storage import UnitOfWork, create_engine, create_session_factory, upgrade_database

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    found = asyncio.run(_report(args))
    if found is None:
        return 1
    content, filename, cards = found
    target = Path(args.output or filename)
    target.write_bytes(content)
    print(f"wrote {target} ({cards} outcome cards, {len(content)} bytes)")
    return 0


async def _report(args: argparse.Namespace) -> tuple[bytes, str, int] | None:
    settings = load_settings()
    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        async with UnitOfWork(create_session_factory(engine)) as uow:
            chat = await uow.chats.get(args.chat)
            if chat is None:
                print(f"samenbot: no chat {args.chat} in the database", file=sys.stderr)
                return None
            run_id = args.run or await latest_run_id(uow, chat.id)
            run = await uow.runs.get(run_id) if run_id else None
            if run is None or run.chat_id != chat.id:
                print(f"samenbot: chat {args.chat} has no such run with outcomes", file=sys.stderr)
                return None
            report = await build_report(uow, run_id)
    finally:
        await engine.dispose()
    content, filename = render_report(report, args.format)
    return content, filename, len(report.outcomes)
